from django.conf import settings
from django.core.management.base import BaseCommand

from suzhaohuo.regions.services import regions_load_csv


class Command(BaseCommand):
    help = "Load the region tree (code,name,level,parent_code CSV). Defaults to the deployment's SZH_REGION_CSV."

    def add_arguments(self, parser):
        parser.add_argument("--csv", default=settings.SZH_REGION_CSV)

    def handle(self, *args, **opts):
        n = regions_load_csv(path=opts["csv"])
        self.stdout.write(self.style.SUCCESS(f"已载入 {n} 个行政区划。"))
