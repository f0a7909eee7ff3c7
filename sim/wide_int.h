// 128-bit integers (a GCC/Clang extension) for exact intermediate products.
#pragma once

namespace grove::sim {
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;
}  // namespace grove::sim
