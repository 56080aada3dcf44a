#include "parque/util/Base64.h"

#include <cstdint>

namespace parque::util {

std::string base64Encode(std::string_view bytes, Base64Alphabet alphabet, bool pad) {
    const char* const symbols =
        alphabet == Base64Alphabet::Url
            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                              << 16U;
        if (left > 1) {
            group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
        }
        if (left > 2) {
            group |= static_cast<unsigned char>(bytes[i + 2]);
        }
        out += symbols[(group >> 18U) & 63U];
        out += symbols[(group >> 12U) & 63U];
        if (left > 1) {
            out += symbols[(group >> 6U) & 63U];
        } else if (pad) {
            out += '=';
        }
        if (left > 2) {
            out += symbols[group & 63U];
        } else if (pad) {
            out += '=';
        }
    }
    return out;
}

}  // namespace parque::util
