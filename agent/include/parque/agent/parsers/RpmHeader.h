// One installed RPM package from its header, as rpm keeps it in its database.
#pragma once

#include "parque/inventory/Inventory.h"

#include <string_view>

namespace parque::agent {

// `blob` is an rpm header as stored in the Packages table of rpmdb.sqlite (rpm 4.16+): big-endian
// il (index entries) and dl (data bytes), il 16-byte entries (tag, type, offset, count), then the
// data store; exactly 8 + 16 * il + dl bytes. An 8-byte header magic in front (as in a .rpm file)
// is skipped.
//
// Fields: name = NAME (1000), version = "[EPOCH:]VERSION-RELEASE" (1003, 1001, 1002) as rpm
// prints %{EVR}, arch = ARCH (1022), filesize = LONGSIZE (5009) or else SIZE (1009) in bytes,
// publisher = VENDOR (1011), comments = SUMMARY (1004), system_category = GROUP (1016),
// url_info_about = URL (1020), install_date = INSTALLTIME (1008) as "YYYY-MM-DD HH:MM:SS" UTC,
// from = "rpm". Translated strings (type I18NSTRING) give their first, untranslated entry. A tag
// that is absent leaves its field empty: the gpg-pubkey pseudo packages, which `rpm -qa` lists
// too, have no ARCH.
//
// Throws ParseError when the blob is malformed: shorter or longer than its il and dl say, il or
// dl out of rpm's limits, an entry of unknown type, an entry whose offset or count reaches past
// the data store, a string without its NUL inside the data store, no NAME, or a kept tag with
// the wrong type.
inventory::Software parseRpmHeader(std::string_view blob);

}  // namespace parque::agent
