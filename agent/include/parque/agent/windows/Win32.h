// Every Windows SDK header the Windows agent uses, in the order they need (winsock2 before
// windows), included through this one file so that <objbase.h>'s `interface` macro, which would
// rename inventory::Storage::interface, can be taken back once.
#pragma once

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>
#include <aclapi.h>
#include <cfgmgr32.h>
#include <lm.h>
#include <sddl.h>
#include <setupapi.h>
#include <shlobj.h>
#include <winioctl.h>
// clang-format on

#undef interface
