# Warnings for our own targets (not for third-party headers), and the sanitizer option.
add_library(parque_warnings INTERFACE)
target_compile_options(parque_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(PARQUE_WERROR)
  target_compile_options(parque_warnings INTERFACE -Werror)
endif()

if(PARQUE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
