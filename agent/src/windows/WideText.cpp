#include "parque/agent/windows/WideText.h"

#include "parque/agent/windows/Win32.h"

#include <climits>
#include <cwchar>
#include <stdexcept>

namespace parque::agent::platform {

std::string toUtf8(std::wstring_view text) {
    if (text.empty()) {
        return {};
    }
    if (text.size() > static_cast<std::size_t>(INT_MAX / 4)) {
        throw std::length_error("text too long to convert to UTF-8");
    }
    const int length = static_cast<int>(text.size());
    const int size =
        WideCharToMultiByte(CP_UTF8, 0, text.data(), length, nullptr, 0, nullptr, nullptr);
    if (size <= 0) {
        return {};
    }
    std::string out(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), length, out.data(), size, nullptr, nullptr);
    return out;
}

std::wstring toWide(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        throw std::length_error("text too long to convert to UTF-16");
    }
    const int length = static_cast<int>(text.size());
    const int size = MultiByteToWideChar(CP_UTF8, 0, text.data(), length, nullptr, 0);
    if (size <= 0) {
        return {};
    }
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), length, out.data(), size);
    return out;
}

std::string bufferToUtf8(const wchar_t* buffer, std::size_t capacity) {
    if (buffer == nullptr) {
        return {};
    }
    std::size_t length = 0;
    while (length < capacity && buffer[length] != L'\0') {
        ++length;
    }
    return toUtf8(std::wstring_view(buffer, length));
}

}  // namespace parque::agent::platform
