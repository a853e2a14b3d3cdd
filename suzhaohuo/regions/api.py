from django.http import HttpRequest
from ninja import Router, Schema

from suzhaohuo.regions.selectors import region_children

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    is_central_village: bool


@router.get("/regions", response=list[RegionOut], summary="下级行政区划")
def list_regions(request: HttpRequest, parent: str | None = None) -> list[RegionOut]:
    return [
        RegionOut(code=r.code, name=r.name, level=r.level, parent_code=r.parent_id,
                  is_central_village=r.is_central_village)
        for r in region_children(parent)
    ]
