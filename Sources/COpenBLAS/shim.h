#include <cblas.h>
// Declared here because not every cblas.h exposes it; OpenBLAS always exports it.
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
