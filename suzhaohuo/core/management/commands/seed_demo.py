from django.core.management.base import BaseCommand

from suzhaohuo.core.demo import DemoContext, run_all


class Command(BaseCommand):
    help = (
        "Create demo data. Default is small; --workers 50000 --employers 5000 --jobs 50000 reproduces "
        "the plan's end-2026 targets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=60)
        parser.add_argument("--employers", type=int, default=12)
        parser.add_argument("--jobs", type=int, default=80)
        parser.add_argument("--seed", type=int, default=20250619)
        parser.add_argument("--force", action="store_true", help="Seed again even if demo data exists.")

    def handle(self, *args, **opts):
        from suzhaohuo.core.models import AuditEvent

        if AuditEvent.objects.filter(action="demo.seeded").exists() and not opts["force"]:
            self.stdout.write("演示数据已存在，跳过（如需重新生成请加 --force）。")
            return
        ctx = DemoContext(workers=opts["workers"], employers=opts["employers"], jobs=opts["jobs"],
                          seed=opts["seed"], stdout=self.stdout)
        run_all(ctx)
        AuditEvent.objects.create(action="demo.seeded", target_type="demo", target_id="*",
                                  data={"workers": ctx.workers, "employers": ctx.employers, "jobs": ctx.jobs})
        self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
