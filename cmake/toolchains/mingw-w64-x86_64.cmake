# Cross-compiles Parque for 64-bit Windows with Debian's mingw-w64, and runs the results with Wine.
#   scripts/build-windows-deps     # static OpenSSL, SQLite, zlib, Poco (once, then cached)
#   cmake -S . -B build/windows -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64-x86_64.cmake
# The dependency prefix is PARQUE_WINDOWS_DEPS (a CMake or environment variable); without one it
# is the prefix scripts/build-windows-deps built last.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

# The posix thread model: the default (win32) compilers have no std::thread.
set(PARQUE_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PARQUE_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PARQUE_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${PARQUE_MINGW_TRIPLE}-windres)
# Poco's Foundation compiles its event-log messages with the message compiler.
set(CMAKE_MC_COMPILER ${PARQUE_MINGW_TRIPLE}-windmc)

if(NOT PARQUE_WINDOWS_DEPS)
  if(DEFINED ENV{PARQUE_WINDOWS_DEPS})
    set(PARQUE_WINDOWS_DEPS "$ENV{PARQUE_WINDOWS_DEPS}")
  else()
    set(PARQUE_WINDOWS_DEPS "$ENV{HOME}/.cache/parque-windows-deps/current")
  endif()
endif()
set(PARQUE_WINDOWS_DEPS "${PARQUE_WINDOWS_DEPS}" CACHE PATH "Static mingw-w64 dependencies")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PARQUE_WINDOWS_DEPS)

set(CMAKE_FIND_ROOT_PATH /usr/${PARQUE_MINGW_TRIPLE} ${PARQUE_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(OPENSSL_USE_STATIC_LIBS ON)

# Only Windows system DLLs at run time: the C++ runtime, winpthreads and the libraries are linked in.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# ctest runs the Windows programs under Wine, quietly and without the Mono and Gecko installers.
set(CMAKE_CROSSCOMPILING_EMULATOR
  env WINEDEBUG=-all "WINEDLLOVERRIDES=mscoree,mshtml=" wine)
