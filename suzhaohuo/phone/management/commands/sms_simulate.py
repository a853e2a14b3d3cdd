import uuid

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Deliver an inbound SMS through the local provider and print the reply (one line per reply)."

    def add_arguments(self, parser):
        parser.add_argument("mobile")
        parser.add_argument("text", nargs="+")

    def handle(self, *args, **opts):
        from suzhaohuo.phone.services import sms_inbound

        reply = sms_inbound(provider_message_id=f"sim-{uuid.uuid4().hex}", mobile=opts["mobile"],
                            text=" ".join(opts["text"]))
        self.stdout.write(reply.text if reply.text is not None else "（今日回复条数已达上限，未回复）")
