#!/usr/bin/env python3
"""Checks the web pages' message catalogue (collector/resources/messages.json): every entry has
an English and an es-AR text, both carry the same {placeholders}, and every catalogue key the
page sources spell as a whole literal ("device.serial") exists. Keys built at run time
("role." + name) are checked by the C++ tests for each value.

usage: check_messages.py CATALOGUE SOURCE_DIR"""
import json
import pathlib
import re
import sys


def main():
    catalogue_path, source_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    problems = []
    for key, texts in catalogue.items():
        if set(texts) != {"en", "es-AR"} or not all(texts.values()):
            problems.append(f"{key}: needs non-empty 'en' and 'es-AR' texts, has {sorted(texts)}")
            continue
        holes = [set(re.findall(r"\{(\w+)\}", text)) for text in texts.values()]
        if holes[0] != holes[1]:
            problems.append(f"{key}: placeholders differ between languages: {holes}")
    prefixes = {key.split(".", 1)[0] for key in catalogue}
    literal = re.compile(r'"((?:%s)\.[a-z0-9_.-]*[a-z0-9_])"' % "|".join(map(re.escape, prefixes)))
    used = set()
    for source in sorted(source_dir.glob("*.cpp")):
        for key in literal.findall(source.read_text(encoding="utf-8")):
            used.add(key)
            if key not in catalogue:
                problems.append(f"{source.name}: uses '{key}', which the catalogue lacks")
    for problem in problems:
        print(problem)
    print(f"{len(catalogue)} messages, {len(used)} keys spelled in {source_dir}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
