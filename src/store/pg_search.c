/* The PostgreSQL backend's search (placeholder while the SQLite side is built). */
#include "store/store-int.h"
