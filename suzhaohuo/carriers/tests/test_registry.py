import pytest

from suzhaohuo.carriers.services import CarrierInput, address_normalize, carrier_create, carrier_staff_add
from suzhaohuo.core.errors import AppError

from .conftest import HUJI, HUJI_LAT, HUJI_LNG


def _input(**kw):
    base = dict(kind="station", name="胡集镇零工服务驿站", region_code=HUJI, address="胡集镇党群服务中心一楼",
                lat=HUJI_LAT, lng=HUJI_LNG)
    base.update(kw)
    return CarrierInput(**base)


@pytest.mark.django_db
def test_station_registered_with_staff_and_audit(make_staff, regions):
    from suzhaohuo.core.models import AuditEvent

    staff = make_staff(scope="胡集镇")
    carrier = carrier_create(actor=None, data=_input(services=["registration", "push"], phone="0527 8333 1234"),
                             staff=[staff])
    assert list(carrier.staff.all()) == [staff]
    assert carrier.area_prefix == HUJI
    assert carrier.service_labels == ["代为注册登记", "岗位信息推送"]
    assert AuditEvent.objects.filter(action="carriers.carrier_create", target_id=str(carrier.pk)).exists()


@pytest.mark.django_db
def test_carrier_outside_staff_region_is_refused(make_staff, regions):
    yanji_staff = make_staff(scope="颜集镇")
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(), staff=[yanji_staff])
    assert exc.value.code == "out_of_scope" and exc.value.field == "staff"
    assert "管辖范围" in exc.value.message
    county_staff = make_staff(scope="沭阳县")
    carrier = carrier_create(actor=None, data=_input(), staff=[county_staff])  # the county contains 胡集镇
    with pytest.raises(AppError):
        carrier_staff_add(actor=None, carrier=carrier, user=yanji_staff)


@pytest.mark.django_db
def test_actor_can_only_register_inside_own_scope(make_staff, regions):
    with pytest.raises(AppError) as exc:
        carrier_create(actor=make_staff(scope="颜集镇"), data=_input())
    assert exc.value.status == 403 and exc.value.field == "region_code"


@pytest.mark.django_db
@pytest.mark.parametrize("lat,lng", [(32.06, 118.79), (34.13, 120.5), (118.77, 34.13)])
def test_coordinates_outside_bounds_are_refused(regions, lat, lng):
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(lat=lat, lng=lng))
    assert exc.value.code == "out_of_bounds"
    assert "宿迁市" in exc.value.message and "请核对经纬度" in exc.value.message


@pytest.mark.django_db
def test_bounds_follow_the_setting(regions, settings):
    settings.SZH_BOUNDS = (118.0, 31.0, 119.5, 33.0)  # another city's box: Suqian's point is now outside
    with pytest.raises(AppError):
        carrier_create(actor=None, data=_input())
    carrier_create(actor=None, data=_input(lat=32.0, lng=118.8))


@pytest.mark.django_db
def test_duplicate_address_after_normalisation_is_refused(regions):
    first = carrier_create(actor=None, data=_input(address="胡集镇 党群服务中心（一楼）"))
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(name="另一个驿站", address="宿迁市沭阳县胡集镇党群服务中心一楼"))
    assert exc.value.code == "duplicate_address" and exc.value.field == "address"
    assert first.name in exc.value.message
    # a different kind of carrier at the same building is not a duplicate (co-built sites share premises)
    carrier_create(actor=None, data=_input(kind="co_built", partner="trade_union", address="胡集镇党群服务中心一楼"))


def test_address_normalize_ignores_width_spaces_and_punctuation():
    assert address_normalize("人民路１号 （东门）") == address_normalize("人民路1号东门")


@pytest.mark.django_db
def test_kind_rules(regions, import_villages):
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(kind="co_built"))
    assert exc.value.code == "partner_required"
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(kind="window"))
    assert exc.value.code == "bad_region_level" and "村（社区）" in exc.value.message
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(region_code="321322"))
    assert exc.value.code == "bad_region_level"
    import_villages([(f"{HUJI}201", "王集村", HUJI, True)])
    window = carrier_create(actor=None, data=_input(kind="window", region_code=f"{HUJI}201", address="王集村委会"))
    assert window.area_prefix == HUJI
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(name=" ", address="x"))
    assert exc.value.code == "name_required"
    with pytest.raises(AppError) as exc:
        carrier_create(actor=None, data=_input(phone="打电话"))
    assert exc.value.field == "phone"
