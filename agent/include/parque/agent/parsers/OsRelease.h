// /etc/os-release (or /usr/lib/os-release) -> the operating system's identity.
//
// The file is a list of shell-style KEY=value assignments. Values may be unquoted (a backslash
// escapes the next character), in double quotes (a backslash escapes only " \ $ ` and a newline;
// before any other character it is kept) or in single quotes (taken literally), and the forms
// may be concatenated as in a shell (KEY="a"'b'c). A quoted value may span lines. Lines starting
// with '#', blank lines and lines that are not assignments are skipped; an assignment whose
// quote is never closed is dropped and parsing resumes on the line after it. When a key appears
// twice the last assignment wins, as when a shell sources the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

struct OsRelease {
    std::optional<std::string> name;             // NAME
    std::optional<std::string> version;          // VERSION
    std::optional<std::string> versionId;        // VERSION_ID
    std::optional<std::string> prettyName;       // PRETTY_NAME
    std::optional<std::string> id;               // ID
    std::optional<std::string> idLike;           // ID_LIKE (space-separated list, kept as is)
    std::optional<std::string> versionCodename;  // VERSION_CODENAME
};

// Never throws on malformed text: what cannot be read is left nullopt, and so is an empty
// value (KEY= or KEY=""), which says nothing.
OsRelease parseOsRelease(std::string_view text);

}  // namespace parque::agent
