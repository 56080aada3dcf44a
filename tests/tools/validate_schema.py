#!/usr/bin/env python3
"""Validate every *.json file in a folder against the GLPI inventory JSON Schema.

Usage: validate_schema.py SCHEMA FOLDER [MIN_FILES]
Exit status 0 when every file validates and at least MIN_FILES (default 1) were checked.
"""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    schema_path, folder = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    minimum = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    schema = json.loads(schema_path.read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    files = sorted(folder.glob("*.json"))
    failures = 0
    for path in files:
        errors = sorted(validator.iter_errors(json.loads(path.read_text())), key=lambda e: e.path)
        for error in errors[:5]:
            location = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
            print(f"{path.name}: {location}: {error.message[:200]}")
        failures += bool(errors)
        print(f"{path.name}: {'INVALID' if errors else 'valid'}")
    if len(files) < minimum:
        print(f"only {len(files)} files in {folder}, expected at least {minimum}")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
