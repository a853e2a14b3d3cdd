import uuid

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Simulate a call to the voice menu: MOBILE then the keys pressed at each step; prints what is said."

    def add_arguments(self, parser):
        parser.add_argument("mobile")
        parser.add_argument("keys", nargs="*")

    def handle(self, *args, **opts):
        from suzhaohuo.phone.voice import voice_step

        call_id = f"sim-{uuid.uuid4().hex[:12]}"
        step = voice_step(call_id=call_id, caller=opts["mobile"])
        self.stdout.write(step.say)
        for keys in opts["keys"]:
            if not step.gather:
                break
            step = voice_step(call_id=call_id, digits=keys)
            self.stdout.write(f"[{keys}] {step.say}")
