// Installed snaps, from two kinds of text files snapd leaves on disk:
//
// * `snap/<name>/current/meta/snap.yaml`, the package's own metadata (YAML). Only the top-level
//   scalar keys are read: `name`, `version`, `summary`, `type` (app when absent). A value may be
//   plain, 'single-quoted' ('' is a quote) or "double-quoted" (\" \\ \n \t and \/ escapes); a
//   plain value ends at " #" (a comment). Nested blocks, lists and block scalars (| >) are
//   skipped: none of them is needed.
// * snapd's assertions (`var/lib/snapd/assertions/asserts-v0/<type>/.../active`): "key: value"
//   header lines up to the first blank line, then the body and signature. A snap-declaration says
//   which account publishes a snap (`snap-name`, `publisher-id`); that account's assertion gives
//   its `display-name`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

struct SnapMeta {
    std::string name;
    std::string version;
    std::optional<std::string> summary;
    std::string type = "app";
};

// Throws ParseError with the reason when the text has a NUL byte, a line over 64 KiB, or lacks
// `name` or `version` (or one of them is not a scalar), or a quote is not closed.
SnapMeta parseSnapYaml(std::string_view text);

// The header fields of an assertion, in a map. Continuation lines (indented, for multi-line
// values) and lines without ": " are skipped. Throws ParseError when the text has a NUL byte or
// no `type` header.
std::map<std::string, std::string> parseSnapAssertionHeaders(std::string_view text);

}  // namespace parque::agent
