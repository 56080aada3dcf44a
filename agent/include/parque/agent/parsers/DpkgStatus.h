// Installed Debian packages from the text of dpkg's database, /var/lib/dpkg/status.
#pragma once

#include "parque/inventory/Inventory.h"

#include <string>
#include <string_view>
#include <vector>

namespace parque::agent {

// One Software per stanza whose Status says the package's files are on disk and configured:
// the third word of "Status: <want> <flag> <state>" is installed, triggers-pending or
// triggers-awaited (the states dpkg itself counts as installed), whatever the selection (install,
// hold, deinstall, purge) and error flag. Stanzas in other states (config-files, half-installed,
// unpacked, half-configured, not-installed) are left out without a message; `dpkg-query -W`
// lists all of them but not-installed, so the counts differ only by packages left half-done or
// removed with their configuration kept ("rc").
//
// Fields: name = Package, version = Version as dpkg prints it ("1:2.3-4"), arch = Architecture,
// filesize = Installed-Size (KiB) * 1024, publisher = Maintainer without its "<email>",
// comments = the first line of Description, system_category = Section, url_info_about =
// Homepage, from = "deb". dpkg keeps no install date, so install_date stays empty.
//
// A malformed stanza (no Package, a line without a colon, a continuation line before any field,
// a duplicated field, a bad Status, a NUL byte, a line over 1 MiB, or a last line cut short
// without its newline) is skipped with a message in `problems`; the other stanzas go on. An
// unreadable Installed-Size leaves filesize empty, with a message.
std::vector<inventory::Software> parseDpkgStatus(std::string_view text,
                                                 std::vector<std::string>& problems);

}  // namespace parque::agent
