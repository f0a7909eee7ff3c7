// Anchors the env seam in a translation unit so header errors show up in the build.
#include "core/env/env.h"
