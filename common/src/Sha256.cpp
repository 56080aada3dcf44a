#include "parque/util/Sha256.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace parque::util {
namespace {

// Fetched once: EVP_sha256() makes every EVP_Digest look the algorithm up in the provider
// tables again, which costs more than hashing a short text.
const EVP_MD* sha256() {
    static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
}

struct ContextFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// One context per thread, initialised again for each digest (no allocation after the first).
EVP_MD_CTX* threadContext() {
    thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
    if (!context) {
        throw std::runtime_error("SHA-256 failed: no digest context");
    }
    return context.get();
}

}  // namespace

std::string sha256Hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_MD_CTX* context = threadContext();
    if (EVP_DigestInit_ex2(context, sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(context, digest, &length) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(std::size_t{2} * length, '0');
    for (std::size_t i = 0; i < length; ++i) {
        out[2 * i] = hex[digest[i] >> 4U];
        out[2 * i + 1] = hex[digest[i] & 0xFU];
    }
    return out;
}

}  // namespace parque::util
