"""C++ errors become Python exceptions with the same stable ids; bad input never crashes."""

from __future__ import annotations

import pickle

import pytest

import scoutmatch as sm


@pytest.mark.parametrize(
    "record, error_id, words",
    [
        ({"id": 1}, "scoutmatch.io.parse.2", '"id" must be a string, not int'),
        ({"text": "x"}, "scoutmatch.io.parse.3", '"id" is missing'),
        ({"id": "  "}, "scoutmatch.io.parse.3", "must not be empty"),
        ({"id": "a", "kind": "verein"}, "scoutmatch.io.parse.5", "verein"),
        ({"id": "a", "lang": "fr"}, "scoutmatch.io.parse.12", "fr"),
        ({"id": "a", "lat": "51", "lon": 7}, "scoutmatch.io.parse.2", '"lat" must be a number'),
        ({"id": "a", "lat": 51.0}, "scoutmatch.io.parse.8", "together"),
        ({"id": "a", "lat": 91.0, "lon": 7.0}, "scoutmatch.io.parse.8", "out of range"),
        ({"id": "a", "keywords": 5}, "scoutmatch.io.parse.2", "keywords"),
        ({"id": "a", "name": ["ok", 3]}, "scoutmatch.io.parse.2", '"name[1]" must be a string'),
        ({"id": "a", "sme": "yes"}, "scoutmatch.io.parse.2", "sme"),
        ({"id": "a", "text": "\ud800"}, "scoutmatch.io.parse.6", "text"),
    ],
)
def test_bad_records_raise_parse_errors_with_reader_ids(record, error_id, words):
    with pytest.raises(sm.ParseError) as e:
        sm.Index.build([{"id": "ok", "text": "fine"}, record])
    assert e.value.id == error_id
    assert str(e.value).startswith(f"[{error_id}] <list>:2: ")
    assert words in str(e.value)
    assert isinstance(e.value, ValueError)


def test_lenient_fields_like_the_readers():
    ix = sm.Index.build([
        {"id": "a", "kind": " University ", "text": ["Wasserstoff", None, "Prüfstand"], "keywords": "H2; Brennstoffzelle;",
         "country": " de ", "nuts": "DEA5", "unknown": {"nested": 1}, "sme": None, "lat": None, "lon": None},
        {"id": "b", "text": "Wasserstoff", "region": "", "nuts": "DEA57"},
    ])
    a = ix.profile("a")
    assert a.kind == "university" and a.text == "Wasserstoff\nPrüfstand"
    assert a.keywords == ["H2", "Brennstoffzelle"] and a.country == "DE" and a.region == "DEA5"
    assert ix.profile("b").region == "DEA57"


def test_duplicates_and_non_dicts():
    with pytest.raises(sm.ParseError) as e:
        sm.Index.build([{"id": "a"}, {"id": "a"}])
    assert e.value.id == "scoutmatch.io.parse.4"
    # the first repeat in order, naming the record it repeats
    recs = [{"id": f"p{i}"} for i in range(5000)] + [{"id": "p4000"}, {"id": "p17"}, {"id": "p17"}]
    with pytest.raises(sm.ParseError) as e:
        sm.Index.build(recs)
    assert '<list>:5001: "id" "p4000" is a duplicate of the id on line 4001' in str(e.value)
    with pytest.raises(sm.ParseError) as e:
        sm.Index.build([{"id": "a"}, ["not", "a", "dict"]])
    assert e.value.id == "scoutmatch.io.parse.13"


def test_file_errors_are_oserrors(tmp_path):
    with pytest.raises(sm.FileError) as e:
        sm.Index.build(tmp_path / "missing.jsonl")
    assert e.value.id == "scoutmatch.io.file.1" and isinstance(e.value, OSError)
    with pytest.raises(sm.FileError):
        sm.Index.load(tmp_path / "missing.smx")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{"id": 7}\n', encoding="utf-8")
    with pytest.raises(sm.ParseError) as e:
        sm.Index.build(bad)
    assert str(e.value).startswith("[scoutmatch.io.parse.2] ") and "bad.jsonl:2" in str(e.value)


def test_damaged_index_files_raise_format_errors(demo_index, tmp_path):
    path = tmp_path / "x.smx"
    demo_index.save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(sm.FormatError) as e:
        sm.Index.load(path)
    assert e.value.id == "scoutmatch.io.format.4"
    with pytest.raises(sm.FormatError) as e:
        sm.Index.from_bytes(b"not an index")
    assert e.value.id == "scoutmatch.io.format.1"


def test_query_errors(demo_index):
    with pytest.raises(sm.NotFound) as e:
        demo_index.recommend("no-such-id")
    assert e.value.id == "scoutmatch.query.not_found" and isinstance(e.value, KeyError)
    assert str(e.value).startswith("[scoutmatch.query.not_found]")  # not KeyError's quoting
    for k in (0, -3):
        with pytest.raises(sm.InvalidArgument) as e:
            demo_index.recommend("swf-c-001", k=k)
        assert e.value.id == "scoutmatch.query.1"
        with pytest.raises(ValueError):
            demo_index.recommend_batch(["swf-c-001"], k=k)
    with pytest.raises(sm.NotFound):
        demo_index.recommend_batch(["swf-c-001", "no-such-id"])
    with pytest.raises(sm.InvalidArgument):
        demo_index.recommend("swf-c-001", kind="verein")
    with pytest.raises(sm.InvalidArgument):
        demo_index.recommend("swf-c-001", mode="reverse")
    with pytest.raises(sm.InvalidArgument):
        demo_index.recommend("swf-c-001", near=(50.0, 8.0))  # without within_km
    with pytest.raises(sm.InvalidArgument):
        demo_index.recommend(text="Leichtbau", near=(95.0, 8.0), within_km=10)
    with pytest.raises(sm.InvalidArgument):
        demo_index.recommend()
    with pytest.raises(sm.InvalidArgument) as e:
        sm.Index.build([{"id": "a"}], k1=-1)
    assert e.value.id == "scoutmatch.options.bm25.1"


def test_exceptions_pickle_with_their_id():
    e = pickle.loads(pickle.dumps(sm.NotFound("[scoutmatch.query.not_found] no profile")))
    assert type(e) is sm.NotFound and e.id == "scoutmatch.query.not_found"
