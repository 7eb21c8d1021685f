"""WeCom counts bytes of UTF-8 (text 2048, markdown 4096; practice 12): long Chinese messages are split at
line boundaries, never mid-character, and nothing is lost."""

from notifiers.splitting import split_utf8, utf8_len

LINE = "- [LJ-2026-{:04d}](http://zg.test/tickets/{}) 东风村｜村道两侧生活垃圾未及时清运，群众反映强烈｜逾期3个工作日"


def long_digest(lines: int) -> str:
    return "\n".join(["**整改催办提醒 · 龙江镇**"] + [LINE.format(i, i) for i in range(lines)])


def body_of(part: str) -> str:
    return part.split("\n", 1)[1] if part.startswith("（") else part


def test_a_message_within_the_limit_is_one_part_unchanged():
    text = long_digest(5)
    assert split_utf8(text, 4096) == [text]


def test_it_splits_long_chinese_text_into_parts_within_the_byte_limit_at_line_boundaries():
    text = long_digest(200)
    assert utf8_len(text) > 4 * 4096
    parts = split_utf8(text, 4096)
    assert len(parts) >= 5
    assert all(utf8_len(p) <= 4096 for p in parts)
    assert [p.split("\n", 1)[0] for p in parts] == [f"（{i}/{len(parts)}）" for i in range(1, len(parts) + 1)]
    assert "\n".join(body_of(p) for p in parts) == text  # every line once, whole, in order


def test_text_messages_use_the_smaller_limit():
    parts = split_utf8(long_digest(60), 2048)
    assert all(utf8_len(p) <= 2048 for p in parts)
    assert len(parts) > len(split_utf8(long_digest(60), 4096))


def test_a_single_line_longer_than_the_limit_is_cut_between_characters_never_inside_one():
    line = "整改情况说明" * 600  # 3,600 characters, 10,800 bytes, one line
    parts = split_utf8(line, 2048)
    assert all(utf8_len(p) <= 2048 for p in parts)
    assert "".join(body_of(p) for p in parts) == line
    for p in parts:
        p.encode("utf-8").decode("utf-8")  # every part is whole characters


def test_mixed_width_characters_are_counted_in_bytes_not_characters():
    line = "a" * 2000 + "镇" * 20  # 2,060 bytes but only 2,020 characters
    parts = split_utf8(line, 2048)
    assert len(parts) == 2 and all(utf8_len(p) <= 2048 for p in parts)
