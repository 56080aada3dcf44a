#include "parque/protocol/BodyCodec.h"

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

namespace parque::protocol {

namespace {

constexpr std::size_t kChunk = 64u << 10u;
// decodeBody keeps what its first pass inflates up to this size (real inventories: 20-500 KB).
constexpr std::size_t kKeptBytes = 512u << 10u;
constexpr std::size_t kMaxZlibLength = UINT_MAX;  // avail_in / avail_out are uInt
constexpr std::string_view kSniffedType = "application/x-compress";

struct Label {
    std::string_view type;
    BodyEncoding encoding;
};

// The first label of each compressed encoding is the one used when nothing can be mirrored.
constexpr Label kLabels[] = {
    {"application/json", BodyEncoding::Plain},
    {"application/xml", BodyEncoding::Plain},
    {"text/xml", BodyEncoding::Plain},
    {"application/x-compress-zlib", BodyEncoding::Zlib},
    {"application/x-zlib", BodyEncoding::Zlib},
    {"application/x-compress-gzip", BodyEncoding::Gzip},
    {"application/x-gzip", BodyEncoding::Gzip},
    {"application/x-compress-deflate", BodyEncoding::Deflate},
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lowerTrimmed(std::string_view text) {
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isSpace(text.back())) {
        text.remove_suffix(1);
    }
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// "Application/XML; charset=UTF-8" -> "application/xml".
std::string mediaType(std::string_view contentType) {
    return lowerTrimmed(contentType.substr(0, contentType.find(';')));
}

// Client-supplied text quoted in an error message: printable ASCII only, bounded length.
std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxQuoted = 64;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
        const char c = text[i];
        out += (c >= 0x20 && c <= 0x7e) ? c : '?';
    }
    out += text.size() > kMaxQuoted ? "...'" : "'";
    return out;
}

const Label* findLabel(std::string_view type) {
    for (const Label& label : kLabels) {
        if (label.type == type) {
            return &label;
        }
    }
    return nullptr;
}

unsigned byteAt(std::string_view bytes, std::size_t i) {
    return static_cast<unsigned char>(bytes[i]);
}

// RFC 1950: CM = 8 (deflate), CINFO <= 7 (window <= 32 KiB), header a multiple of 31.
bool isZlibHeader(std::string_view bytes) {
    if (bytes.size() < 2) {
        return false;
    }
    const unsigned cmf = byteAt(bytes, 0);
    const unsigned flg = byteAt(bytes, 1);
    return (cmf & 0x0fu) == 8u && (cmf >> 4u) <= 7u && ((cmf << 8u) | flg) % 31u == 0u;
}

bool isGzipHeader(std::string_view bytes) {
    return bytes.size() >= 2 && byteAt(bytes, 0) == 0x1fu && byteAt(bytes, 1) == 0x8bu;
}

BodyEncoding sniffCompressed(std::string_view firstBytes) {
    if (isZlibHeader(firstBytes)) {
        return BodyEncoding::Zlib;
    }
    if (isGzipHeader(firstBytes)) {
        return BodyEncoding::Gzip;
    }
    throw BodyError(400, "application/x-compress body is neither zlib nor gzip");
}

BodyEncoding encodingOfType(const std::string& type, std::string_view firstBytes) {
    if (type == kSniffedType) {
        return sniffCompressed(firstBytes);
    }
    const Label* label = findLabel(type);
    if (label == nullptr) {
        throw BodyError(415, "unsupported content type " + quoted(type));
    }
    return label->encoding;
}

int windowBits(BodyEncoding encoding) {
    switch (encoding) {
    case BodyEncoding::Zlib:
        return MAX_WBITS;
    case BodyEncoding::Gzip:
        return MAX_WBITS + 16;
    case BodyEncoding::Deflate:
        return -MAX_WBITS;
    case BodyEncoding::Plain:
        break;
    }
    throw std::logic_error("no zlib window for a plain body");
}

struct InflateEnd {
    void operator()(z_stream* stream) const {
        inflateEnd(stream);
        delete stream;
    }
};
struct DeflateEnd {
    void operator()(z_stream* stream) const {
        deflateEnd(stream);
        delete stream;
    }
};
using Inflater = std::unique_ptr<z_stream, InflateEnd>;
using Deflater = std::unique_ptr<z_stream, DeflateEnd>;

void throwInitError(int rc, const char* what) {
    if (rc == Z_MEM_ERROR) {
        throw std::bad_alloc();
    }
    throw std::runtime_error(std::string(what) + " failed: " + zError(rc));
}

Inflater makeInflater(BodyEncoding encoding) {
    Inflater stream(new z_stream{});
    const int rc = inflateInit2(stream.get(), windowBits(encoding));
    if (rc != Z_OK) {
        throwInitError(rc, "inflateInit2");
    }
    return stream;
}

// The smallest window (and hash table) that loses nothing for `size` bytes of input: a small
// reply then costs a few KiB of zlib state instead of ~270 KiB allocated and partly zeroed.
struct DeflateShape {
    int windowBits = MAX_WBITS;
    int memLevel = 8;
};

DeflateShape shapeFor(std::size_t size) {
    constexpr std::size_t kLookahead = 262;  // zlib's MIN_LOOKAHEAD: matches reach w_size - 262
    DeflateShape shape;
    for (int bits = 9; bits < MAX_WBITS; ++bits) {
        if (size + kLookahead <= (std::size_t{1} << static_cast<unsigned>(bits))) {
            shape.windowBits = bits;
            shape.memLevel = std::max(bits - 6, 1);
            break;
        }
    }
    return shape;
}

Deflater makeDeflater(BodyEncoding encoding, std::size_t size) {
    Deflater stream(new z_stream{});
    const DeflateShape shape = shapeFor(size);
    const int bits = windowBits(encoding);  // MAX_WBITS, +16 for gzip, negative for raw
    const int shaped = bits < 0 ? -shape.windowBits : bits - MAX_WBITS + shape.windowBits;
    const int rc = deflateInit2(stream.get(), Z_DEFAULT_COMPRESSION, Z_DEFLATED, shaped,
                                shape.memLevel, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) {
        throwInitError(rc, "deflateInit2");
    }
    return stream;
}

const Bytef* bytesOf(std::string_view text) { return reinterpret_cast<const Bytef*>(text.data()); }

// Hands zlib the next piece of `input` once it has consumed the previous one.
void feed(z_stream& stream, std::string_view input, std::size_t& offset) {
    if (stream.avail_in != 0 || offset >= input.size()) {
        return;
    }
    const std::size_t length = std::min(input.size() - offset, kMaxZlibLength);
    stream.next_in = bytesOf(input) + offset;
    stream.avail_in = static_cast<uInt>(length);
    offset += length;
}

void checkLimits(std::size_t decoded, std::size_t rawSize, const BodyLimits& limits) {
    if (decoded > limits.maxDecoded) {
        throw BodyError(413,
                        "decoded body exceeds " + std::to_string(limits.maxDecoded) + " bytes");
    }
    const bool ratioComputable = limits.maxRatio == 0 || rawSize <= SIZE_MAX / limits.maxRatio;
    if (decoded > limits.ratioFloor && ratioComputable && decoded > rawSize * limits.maxRatio) {
        throw BodyError(413, "compression ratio exceeds " + std::to_string(limits.maxRatio) + ":1");
    }
}

void throwInflateError(int rc, const z_stream& stream, BodyEncoding encoding) {
    const std::string name = toString(encoding);
    switch (rc) {
    case Z_BUF_ERROR:  // no progress possible: all input consumed, end not reached
        throw BodyError(400, "truncated " + name + " stream");
    case Z_DATA_ERROR:
        throw BodyError(400, "corrupt " + name + " stream: " +
                                 (stream.msg != nullptr ? stream.msg : "invalid data"));
    case Z_NEED_DICT:
        throw BodyError(400, name + " stream needs a preset dictionary");
    case Z_MEM_ERROR:
        throw std::bad_alloc();
    default:
        throw std::logic_error("inflate failed: " + std::string(zError(rc)));
    }
}

// Inflates `raw` through a 64 KiB scratch chunk, handing each piece to `sink` only after the
// running total passed the limits. Returns the decoded size.
template <typename Sink>
std::size_t inflateAll(std::string_view raw, BodyEncoding encoding, const BodyLimits& limits,
                       Sink&& sink) {
    Inflater stream = makeInflater(encoding);
    std::unique_ptr<Bytef[]> chunk(new Bytef[kChunk]);
    std::size_t offset = 0;
    std::size_t decoded = 0;
    stream->next_in = bytesOf(raw);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        feed(*stream, raw, offset);
        stream->next_out = chunk.get();
        stream->avail_out = static_cast<uInt>(kChunk);
        rc = inflate(stream.get(), Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            throwInflateError(rc, *stream, encoding);
        }
        const std::size_t produced = kChunk - stream->avail_out;
        decoded += produced;
        checkLimits(decoded, raw.size(), limits);
        sink(chunk.get(), produced);
    }
    const std::size_t trailing = stream->avail_in + (raw.size() - offset);
    if (trailing != 0) {
        throw BodyError(400, std::to_string(trailing) + " bytes of trailing data after the " +
                                 toString(encoding) + " stream");
    }
    return decoded;
}

}  // namespace

BodyError::BodyError(int status, const std::string& message)
    : std::runtime_error(message), status_(status) {}

int BodyError::status() const { return status_; }

const char* toString(BodyEncoding encoding) {
    switch (encoding) {
    case BodyEncoding::Plain:
        return "plain";
    case BodyEncoding::Zlib:
        return "zlib";
    case BodyEncoding::Gzip:
        return "gzip";
    case BodyEncoding::Deflate:
        return "deflate";
    }
    return "unknown";
}

BodyEncoding encodingOf(std::string_view contentType, std::string_view contentEncoding,
                        std::string_view firstBytes) {
    const std::string type = mediaType(contentType);
    const BodyEncoding byType = encodingOfType(type, firstBytes);
    const std::string coding = lowerTrimmed(contentEncoding);
    if (coding.empty() || coding == "identity") {
        return byType;
    }
    if (byType != BodyEncoding::Plain) {
        throw BodyError(415, "content encoding " + quoted(coding) +
                                 " on the compressed content type " + quoted(type));
    }
    if (coding == "gzip" || coding == "x-gzip") {
        return BodyEncoding::Gzip;
    }
    if (coding == "deflate") {  // RFC 9110 says zlib; some clients send raw deflate
        return isZlibHeader(firstBytes) ? BodyEncoding::Zlib : BodyEncoding::Deflate;
    }
    throw BodyError(415, "unsupported content encoding " + quoted(coding));
}

std::string replyContentType(BodyEncoding encoding, std::string_view requestContentType,
                             std::string_view plainType) {
    if (encoding == BodyEncoding::Plain) {
        return std::string(plainType);
    }
    std::string type = mediaType(requestContentType);
    if (type == kSniffedType &&
        (encoding == BodyEncoding::Zlib || encoding == BodyEncoding::Gzip)) {
        return type;
    }
    if (const Label* label = findLabel(type)) {
        if (label->encoding == encoding) {
            return type;
        }
        if (label->encoding == BodyEncoding::Plain) {  // compression came from Content-Encoding
            return std::string(plainType);
        }
    }
    for (const Label& label : kLabels) {
        if (label.encoding == encoding) {
            return std::string(label.type);
        }
    }
    throw std::logic_error("no content type for encoding");
}

std::string replyContentEncoding(std::string_view requestContentEncoding) {
    std::string coding = lowerTrimmed(requestContentEncoding);
    return coding == "identity" ? std::string() : coding;
}

std::string decodeBody(std::string_view raw, BodyEncoding encoding, const BodyLimits& limits) {
    if (encoding == BodyEncoding::Plain) {
        if (raw.size() > limits.maxDecoded) {
            throw BodyError(413, "body exceeds " + std::to_string(limits.maxDecoded) + " bytes");
        }
        return std::string(raw);
    }
    // One pass keeps the output in chunk-sized pieces while it stays within kKeptBytes (every
    // real inventory), then joins them at the exact size. Past that the pass goes on without
    // keeping anything (a bomb costs kKeptBytes at most, in pieces of one chunk) and a body within
    // the limits is inflated again into a buffer of its exact size.
    std::vector<std::vector<char>> pieces;  // vectors: a full chunk allocates one chunk
    std::size_t keptBytes = 0;
    bool keeping = true;
    const std::size_t size = inflateAll(
        raw, encoding, limits, [&pieces, &keptBytes, &keeping](const Bytef* data, std::size_t n) {
            if (keeping && n <= kKeptBytes - keptBytes) {
                const auto* text = reinterpret_cast<const char*>(data);
                pieces.emplace_back(text, text + n);
                keptBytes += n;
            } else if (keeping) {
                keeping = false;
                std::vector<std::vector<char>>().swap(pieces);
            }
        });
    if (keeping) {
        std::string out;
        out.reserve(size);
        for (const std::vector<char>& piece : pieces) {
            out.append(piece.data(), piece.size());
        }
        return out;
    }
    std::string out(size, '\0');
    std::size_t at = 0;
    inflateAll(raw, encoding, limits, [&out, &at](const Bytef* data, std::size_t length) {
        if (length > out.size() - at) {
            throw std::logic_error("second inflate pass produced more than the first");
        }
        std::memcpy(out.data() + at, data, length);
        at += length;
    });
    return out;
}

std::string encodeBody(std::string_view plain, BodyEncoding encoding) {
    if (encoding == BodyEncoding::Plain) {
        return std::string(plain);
    }
    Deflater stream = makeDeflater(encoding, plain.size());
    const uLong bound = deflateBound(stream.get(), static_cast<uLong>(plain.size()));
    std::string out(std::min<std::size_t>(bound, kMaxZlibLength), '\0');
    std::size_t offset = 0;
    std::size_t produced = 0;
    stream->next_in = bytesOf(plain);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        feed(*stream, plain, offset);
        if (produced == out.size()) {
            out.resize(out.size() + kChunk);
        }
        const std::size_t room = std::min(out.size() - produced, kMaxZlibLength);
        stream->next_out = reinterpret_cast<Bytef*>(out.data()) + produced;
        stream->avail_out = static_cast<uInt>(room);
        const bool allFed = offset == plain.size();
        rc = deflate(stream.get(), allFed ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_STREAM_ERROR) {
            throw std::logic_error("deflate failed: inconsistent stream state");
        }
        produced += room - stream->avail_out;
    }
    out.resize(produced);
    if (encoding == BodyEncoding::Zlib && produced >= 2) {
        // The header names the window; a smaller one than 32 KiB is valid, but FusionInventory
        // accepts only 78 9c, and a decoder with a 32 KiB window reads the stream the same.
        out[0] = '\x78';
        out[1] = '\x9c';
    }
    return out;
}

}  // namespace parque::protocol
