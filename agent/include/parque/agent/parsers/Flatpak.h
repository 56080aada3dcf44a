// Installed flatpak applications, from the text files of a deployment
// (`var/lib/flatpak/app/<id>/<arch>/<branch>/active/`):
//
// * `metadata`, a GLib key file: `[Application]` (or `[Runtime]`) with `name=` (the application
//   id) and `runtime=` ("org.gnome.Platform/x86_64/45"). Blank lines and '#' comments are
//   skipped; keys are read in the first such group only.
// * the application's AppStream file (`files/share/metainfo/<id>.metainfo.xml`, or the older
//   `files/share/appdata/<id>.appdata.xml`): the `version` attribute of the first `<release>`
//   (AppStream lists the newest first) and the developer's name (`<developer_name>`, or
//   `<name>` inside `<developer>`). Read by scanning for those elements, not by a full XML
//   parser; the five predefined entities and numeric references are decoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

struct FlatpakMetadata {
    std::string name;                    // the application (or runtime) id
    std::optional<std::string> runtime;  // "org.gnome.Platform/x86_64/45"
    bool application = true;             // [Application] rather than [Runtime]
};

// Throws ParseError when the text has a NUL byte or no [Application]/[Runtime] group with a
// name.
FlatpakMetadata parseFlatpakMetadata(std::string_view text);

struct AppStreamRelease {
    std::optional<std::string> version;
    std::optional<std::string> developer;
};

// Throws ParseError when the text has a NUL byte or is not an AppStream component (no
// <component); what is merely missing stays nullopt.
AppStreamRelease parseAppStream(std::string_view xml);

}  // namespace parque::agent
