"""`manage.py evaluate_flagging`: per-category precision, recall, F1 and support from a
labelled CSV, with the classifier the task uses; robust to the files people actually have."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.moderation.flagging.support import default_rules_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(db):
    return default_rules_ensure()


def run(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("evaluate_flagging", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, content: str | bytes, name="set.csv"):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


SAMPLE = (
    "text,categories\n"
    "When is trash pickup?,\n"
    "This is fucking ridiculous,profanity\n"
    "I'm going to kill you,threat;profanity\n"  # profanity expected but not there: a miss
    "Vote yes on Measure A!,political_campaign\n"
    "Watch your back,\n"  # a threat predicted where none is labelled: a false positive
)


def test_json_report_has_metrics_for_every_category_expected_or_predicted(tmp_path):
    out, _ = run(write(tmp_path, SAMPLE), "--json")
    report = json.loads(out)
    assert report["rows"] == 5
    cats = report["categories"]
    assert set(cats) == {"profanity", "threat", "political_campaign"}
    assert cats["profanity"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert cats["threat"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert cats["political_campaign"]["f1"] == 1.0
    assert report["micro"]["precision"] == 0.75 and report["micro"]["recall"] == 0.75
    assert report["macro"]["f1"] == round((0.6667 + 0.6667 + 1.0) / 3, 4)


def test_table_output_lists_categories_and_totals(tmp_path):
    out, _ = run(write(tmp_path, SAMPLE))
    assert "category" in out and "precision" in out
    assert "profanity" in out and "micro average" in out and "macro average" in out
    assert "rows: 5" in out


def test_predictions_file(tmp_path):
    target = tmp_path / "out.csv"
    run(write(tmp_path, SAMPLE), "--predictions", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[2] == {
        "text": "I'm going to kill you",
        "expected": "profanity;threat",
        "predicted": "threat",
    }
    assert len(rows) == 5


def test_bom_crlf_quoted_multiline_extra_columns_and_blank_lines(tmp_path):
    content = (
        "\ufeffid,Text,source,Categories\r\n"
        '1,"Line one\r\nline two: you are a fucking liar",forum, profanity \r\n'
        "\r\n"
        "2,Nice park,forum,\r\n"
        ",,,\r\n"
    )
    out, _ = run(write(tmp_path, content), "--json")
    report = json.loads(out)
    assert report["rows"] == 2
    assert report["categories"]["profanity"]["recall"] == 1.0


def test_unknown_codes_warn_and_are_counted(tmp_path):
    out, err = run(write(tmp_path, "text,categories\nhello,insult;toxic\nhi,insult\n"), "--json")
    assert "unknown category code “insult” in 2 row(s)" in err
    report = json.loads(out)
    assert report["unknown_categories"] == {"insult": 2, "toxic": 1}
    assert report["categories"] == {}
    assert report["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_non_utf8_file_is_a_clear_error(tmp_path):
    path = write(tmp_path, "text,categories\ncaf\xe9,\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_missing_columns_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="missing: “categories”"):
        run(write(tmp_path, "text,label\nhello,\n"))
    with pytest.raises(CommandError, match="is empty"):
        run(write(tmp_path, ""))
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nope.csv")
