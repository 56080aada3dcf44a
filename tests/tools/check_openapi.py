#!/usr/bin/env python3
"""Check the collector's OpenAPI document: the paths and methods it must describe, every $ref
resolving inside the document, and the OpenAPI 3.0 rules most easily broken by hand.

Usage: check_openapi.py [OPENAPI_JSON]   (default: collector/resources/openapi.json in this repo)
Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""
import json
import pathlib
import re
import sys

REQUIRED = {
    "/api/v1/devices": {"get"},
    "/api/v1/devices/{id}": {"get"},
    "/api/v1/devices/{id}/history": {"get"},
    "/api/v1/events": {"get"},
    "/healthz": {"get"},
    "/metrics": {"get"},
    "/": {"post"},
    "/inventory": {"post"},
    "/api/v1/enrol": {"post"},
}
UNAUTHENTICATED = {("/healthz", "get"), ("/metrics", "get"), ("/", "post"), ("/inventory", "post"),
                   ("/api/v1/openapi.json", "get"),
                   ("/api/v1/enrol", "post")}
ERROR_CODES = {"bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed",
               "payload_too_large", "unsupported_media_type", "conflict", "internal_error",
               "unavailable"}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "enum", "type", "not", "allOf", "oneOf", "anyOf", "items",
    "properties", "additionalProperties", "description", "format", "default", "nullable",
    "discriminator", "readOnly", "writeOnly", "example", "externalDocs", "deprecated", "xml"}
SCHEMA_TYPES = {"array", "boolean", "integer", "number", "object", "string"}


class Checker:
    def __init__(self, doc):
        self.doc = doc
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    def resolve(self, ref, where):
        if not ref.startswith("#/"):
            self.fail(where, f"$ref {ref!r} is not a local reference")
            return None
        node = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                self.fail(where, f"$ref {ref!r} does not resolve")
                return None
            node = node[part]
        return node

    def deref(self, node, where):
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            if node["$ref"] in seen:
                self.fail(where, f"$ref cycle through {node['$ref']!r}")
                return None
            seen.add(node["$ref"])
            node = self.resolve(node["$ref"], where)
        return node

    def check_refs(self, node, where="$"):
        """Every $ref resolves and stands alone (OpenAPI 3.0 ignores siblings of $ref)."""
        if isinstance(node, dict):
            if "$ref" in node:
                if not isinstance(node["$ref"], str):
                    self.fail(where, "$ref is not a string")
                else:
                    self.resolve(node["$ref"], where)
                if len(node) != 1:
                    self.fail(where, f"$ref has siblings {sorted(set(node) - {'$ref'})}")
            for key, value in node.items():
                self.check_refs(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.check_refs(value, f"{where}[{i}]")

    def check_schema(self, schema, where):
        if not isinstance(schema, dict):
            self.fail(where, "schema is not an object")
            return
        if "$ref" in schema:
            return
        for key in schema:
            if key not in SCHEMA_KEYWORDS and not key.startswith("x-"):
                self.fail(where, f"{key!r} is not an OpenAPI 3.0 schema keyword")
        if "type" in schema and schema["type"] not in SCHEMA_TYPES:
            self.fail(where, f"type {schema['type']!r} is not an OpenAPI 3.0 type")
        for name in schema.get("required", []):
            if name not in schema.get("properties", {}):
                self.fail(where, f"required property {name!r} is not in properties")
        for name, sub in schema.get("properties", {}).items():
            self.check_schema(sub, f"{where}.properties.{name}")
        if "items" in schema:
            self.check_schema(schema["items"], f"{where}.items")
        elif schema.get("type") == "array":
            self.fail(where, "array schema without items")
        if isinstance(schema.get("additionalProperties"), dict):
            self.check_schema(schema["additionalProperties"], f"{where}.additionalProperties")
        for key in ("allOf", "oneOf", "anyOf"):
            for i, sub in enumerate(schema.get(key, [])):
                self.check_schema(sub, f"{where}.{key}[{i}]")

    def check_content(self, content, where):
        for media, media_object in content.items():
            if "schema" in media_object:
                self.check_schema(media_object["schema"], f"{where}.{media}.schema")
            if "example" in media_object and "examples" in media_object:
                self.fail(where, "both example and examples")

    def check_operation(self, path, method, operation, operation_ids):
        where = f"{method.upper()} {path}"
        if not isinstance(operation.get("responses"), dict) or not operation["responses"]:
            self.fail(where, "no responses object")
            return
        operation_id = operation.get("operationId")
        if operation_id in operation_ids:
            self.fail(where, f"duplicate operationId {operation_id!r}")
        operation_ids.add(operation_id)
        declared = set()
        for i, parameter in enumerate(operation.get("parameters", [])):
            parameter = self.deref(parameter, f"{where} parameter {i}") or {}
            if "name" not in parameter or parameter.get("in") not in {"query", "header", "path",
                                                                      "cookie"}:
                self.fail(where, f"parameter {i} needs a name and a valid 'in'")
                continue
            if parameter["in"] == "path":
                declared.add(parameter["name"])
                if parameter.get("required") is not True:
                    self.fail(where, f"path parameter {parameter['name']!r} must be required")
            self.check_schema(parameter.get("schema", {}), f"{where} parameter {parameter['name']}")
        template = set(re.findall(r"{([^}]+)}", path))
        if template != declared:
            self.fail(where, f"path parameters {sorted(template)} declared as {sorted(declared)}")
        body = self.deref(operation.get("requestBody"), f"{where} requestBody")
        if body is not None:
            self.check_content(body.get("content", {}), f"{where} requestBody")
        for status, response in operation["responses"].items():
            if not re.fullmatch(r"[1-5](\d\d|XX)|default", status):
                self.fail(where, f"response key {status!r} is not a status code")
            response = self.deref(response, f"{where} {status}") or {}
            if "description" not in response:
                self.fail(where, f"response {status} has no description")
            self.check_content(response.get("content", {}), f"{where} {status}")
            if status[0] in "45" and path not in {"/healthz"}:
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema != {"$ref": "#/components/schemas/Error"}:
                    self.fail(where, f"response {status} is not an Error body")
        open_access = operation.get("security") == []
        if open_access != ((path, method) in UNAUTHENTICATED):
            self.fail(where, "security does not match (bearer token on the API only)")

    def run(self):
        doc = self.doc
        if not re.fullmatch(r"3\.0\.\d+", str(doc.get("openapi", ""))):
            self.fail("$.openapi", "not an OpenAPI 3.0.x document")
        for key in ("title", "version"):
            if key not in doc.get("info", {}):
                self.fail("$.info", f"missing {key}")
        self.check_refs(doc)
        paths = doc.get("paths", {})
        for path, methods in REQUIRED.items():
            for method in sorted(methods):
                if method not in paths.get(path, {}):
                    self.fail("$.paths", f"missing {method.upper()} {path}")
        operation_ids = set()
        for path, item in paths.items():
            if not path.startswith("/"):
                self.fail("$.paths", f"{path!r} does not start with /")
            for method, operation in item.items():
                if method in METHODS:
                    self.check_operation(path, method, operation, operation_ids)
        components = doc.get("components", {})
        for name, schema in components.get("schemas", {}).items():
            self.check_schema(schema, f"schema {name}")
        bearer = components.get("securitySchemes", {}).get("bearerAuth", {})
        if bearer.get("type") != "http" or bearer.get("scheme") != "bearer":
            self.fail("$.components.securitySchemes", "no http bearer scheme named bearerAuth")
        if doc.get("security") != [{"bearerAuth": []}]:
            self.fail("$.security", "the default security is not bearerAuth")
        error = components.get("schemas", {}).get("Error", {})
        codes = error.get("properties", {}).get("error", {}).get("properties", {}).get("code", {})
        if set(codes.get("enum", [])) != ERROR_CODES:
            self.fail("schema Error", f"codes {codes.get('enum')} are not {sorted(ERROR_CODES)}")
        return self.problems


def main() -> int:
    default = pathlib.Path(__file__).resolve().parents[2] / "collector/resources/openapi.json"
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{path}: cannot load: {error}")
        return 1
    if not isinstance(doc, dict):
        print(f"{path}: not a JSON object")
        return 1
    problems = Checker(doc).run()
    for problem in problems:
        print(f"{path.name}: {problem}")
    print(f"{path.name}: {'INVALID' if problems else 'valid'} ({len(problems)} problems)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
