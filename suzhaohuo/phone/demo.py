"""Demo: a demo worker's SMS conversation and a call to the voice menu, so the station page shows them."""

from __future__ import annotations

from suzhaohuo.core.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.phone.services import sms_inbound
    from suzhaohuo.phone.voice import voice_step

    worker = (User.objects.filter(role="worker", worker_profile__home_township_id="321322102",
                                  identity__verification_status="verified").order_by("id").first())
    if worker is None:
        return
    for i, text in enumerate(["帮助", "找活", "更多", "工钱"], start=1):
        sms_inbound(provider_message_id=f"demo-{worker.pk}-{i}", mobile=worker.mobile, text=text, send=False)
    call = f"demo-call-{worker.pk}"
    voice_step(call_id=call, caller=worker.mobile)
    voice_step(call_id=call, digits="1")
    voice_step(call_id=call, digits="0")  # asks the station to call back
    ctx.log(f"  phone: SMS and voice conversation of {worker}")
