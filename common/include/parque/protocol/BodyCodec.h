// Request and reply bodies of the GLPI JSON protocol and of the legacy FusionInventory/OCS XML
// protocol: which encoding a request uses (from its Content-Type, Content-Encoding and first
// bytes), decoding it under limits that stop compression bombs, and encoding the reply the same
// way.
//
// Labels understood (media type case-insensitive, parameters such as "; charset=utf-8" ignored):
//   plain    application/json, application/xml, text/xml
//   zlib     application/x-compress-zlib (GLPI, FusionInventory), application/x-zlib
//   gzip     application/x-compress-gzip (GLPI), application/x-gzip
//   deflate  application/x-compress-deflate (raw deflate, no header)
//   sniffed  application/x-compress (OCS): zlib or gzip, told apart by the first bytes
// plus Content-Encoding gzip|x-gzip|deflate|identity on a plain media type ("deflate" is zlib
// when the body starts with a zlib header, raw deflate otherwise).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parque::protocol {

enum class BodyEncoding { Plain, Zlib, Gzip, Deflate };

// "plain", "zlib", "gzip" or "deflate".
const char* toString(BodyEncoding encoding);

// A body the server refuses; status() is the HTTP status to answer with: 400 malformed, truncated
// or trailing garbage; 413 too large or compression ratio exceeded; 415 unsupported label.
class BodyError : public std::runtime_error {
public:
    BodyError(int status, const std::string& message);
    int status() const;

private:
    int status_;
};

// Throws BodyError 415 for an unknown media type or content encoding, 400 when an
// application/x-compress body is neither zlib nor gzip. `firstBytes` needs at most 2 bytes.
BodyEncoding encodingOf(std::string_view contentType, std::string_view contentEncoding,
                        std::string_view firstBytes);

// Content-Type of a reply in `encoding` to a request labelled `requestContentType`. A compressed
// request label that means `encoding` is mirrored (OCS's application/x-compress stays
// application/x-compress); Plain gives `plainType`; an encoding the request expressed through
// Content-Encoding also gives `plainType` (see replyContentEncoding); otherwise the GLPI label.
std::string replyContentType(BodyEncoding encoding, std::string_view requestContentType,
                             std::string_view plainType);

// Content-Encoding header for the reply: the request's own value (lower-cased), or "" when the
// request had none or "identity".
std::string replyContentEncoding(std::string_view requestContentEncoding);

struct BodyLimits {
    std::size_t maxDecoded = 8u << 20u;  // bytes after decoding
    std::size_t maxRatio = 100;          // decoded bytes per raw byte...
    std::size_t ratioFloor = 1u << 20u;  // ...enforced once decoded output exceeds this
};

// Decodes a whole body. Inflates in 64 KiB chunks and stops as soon as a limit is passed. A body
// of at most 512 KiB decoded is inflated once, kept in pieces of at most a chunk and joined at its
// exact size; a larger one is measured without keeping anything and inflated again into a
// buffer of its exact size, so a bomb costs at most 512 KiB (in chunks) before it is refused.
std::string decodeBody(std::string_view raw, BodyEncoding encoding, const BodyLimits& limits = {});

// Compresses at Z_DEFAULT_COMPRESSION (zlib header 78 9c; FusionInventory rejects 78 da).
std::string encodeBody(std::string_view plain, BodyEncoding encoding);

}  // namespace parque::protocol
