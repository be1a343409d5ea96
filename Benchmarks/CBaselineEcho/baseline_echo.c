#include "baseline_echo.h"
