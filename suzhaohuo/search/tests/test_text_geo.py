from suzhaohuo.search import geo, text


def test_synonyms_expand_each_query_word() -> None:
    groups = text.query_groups("保洁 日结")
    assert ("保洁" in groups[0]) and ("清洁" in groups[0]) and ("打扫" in groups[0])
    assert groups[1] == ("日结",)
    assert set(text.query_groups("装卸")[0]) >= {"搬运", "装卸"}
    assert set(text.query_groups("月嫂")[0]) >= {"月嫂", "母婴护理"}
    assert set(text.query_groups("水电维修")[0]) >= {"水电工", "水电维修"}


def test_index_tokens_keep_gig_words_and_sub_words() -> None:
    tokens = set(text.index_tokens("招聘水电工师傅，日结", "宿迁好帮手有限公司").split())
    assert {"水电工", "日结", "宿迁"} <= tokens
    assert "，" not in tokens and "" not in tokens
    assert text.matches(" ".join(tokens), text.query_groups("水电维修"))  # via synonym
    assert not text.matches(" ".join(tokens), text.query_groups("月嫂"))


def test_query_syntax_is_safe_for_both_backends() -> None:
    groups = text.query_groups('保洁" OR 1=1; -- \'')
    assert all(w.isalnum() for g in groups for w in g)
    assert '"保洁"' in text.fts5_match(groups) and "'保洁'" in text.pg_tsquery(groups)


def test_gcj02_input_converted_against_published_reference() -> None:
    # wandergis/coordtransform reference pair: WGS-84 (39.915, 116.404) ↔ GCJ-02 (39.91640428150164, 116.41024449916938)
    lat, lng = geo.to_wgs84(39.91640428150164, 116.41024449916938, "gcj02")
    assert abs(lat - 39.915) < 1e-6 and abs(lng - 116.404) < 1e-6
    # the offset itself is a few hundred metres, so skipping the conversion would be wrong
    assert 0.4 < geo.haversine_km(39.915, 116.404, 39.91640428150164, 116.41024449916938) < 0.7
    assert geo.to_wgs84(34.1, 118.7, "wgs84") == (34.1, 118.7)


def test_haversine_and_cells() -> None:
    assert abs(geo.haversine_km(34.0, 118.0, 35.0, 118.0) - 111.19) < 0.1
    cells = geo.cells_covering(34.12, 118.77, 2.0)
    assert cells is not None and geo.cell_of(34.12, 118.77) in cells
    assert geo.cell_of(34.13, 118.78) in cells and geo.cell_of(34.3, 118.77) not in cells
    assert geo.cells_covering(34.12, 118.77, 500) is None


def test_reverse_geocode_point_to_county_offline() -> None:
    assert geo.county_of_point(34.13, 118.77) == "321322"  # 沭阳县
    assert geo.county_of_point(33.96, 118.28) == "321302"  # 宿城区
    assert geo.county_of_point(51.5, -0.12) is None
