/* cinch — copy a directory tree between directory fds (tmpcopyup).  */
#ifndef CINCH_COPY_H
#define CINCH_COPY_H

#include "error.h"

/* Copy the contents of directory src into directory dst (files, symlinks,
 * directories with their modes and owners), at most depth levels deep.
 * Both fds stay owned by the caller.  */
int cinch_copy_tree (int src, int dst, unsigned depth, cinch_error_t *err);

#endif
