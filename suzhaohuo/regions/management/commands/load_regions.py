from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from suzhaohuo.regions.services import regions_load_csv, regions_load_points


class Command(BaseCommand):
    help = ("Load the region tree (code,name,level,parent_code CSV) and the township seat points. Defaults to the "
            "deployment's SZH_REGION_CSV and SZH_REGION_POINTS (an empty --points loads no points).")

    def add_arguments(self, parser):
        parser.add_argument("--csv", default=settings.SZH_REGION_CSV)
        parser.add_argument("--points", default=settings.SZH_REGION_POINTS)

    def handle(self, *args, **opts):
        n = regions_load_csv(path=opts["csv"])
        self.stdout.write(self.style.SUCCESS(f"已载入 {n} 个行政区划。"))
        if opts["points"]:
            try:
                p = regions_load_points(path=opts["points"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"已载入 {p} 个乡镇（街道）驻地坐标。"))
