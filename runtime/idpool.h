/* cinch — the pool of user-namespace ID ranges the hardened policy gives to
 * containers that have no user namespace of their own.
 *
 * The pool is slots 0..slots-1 of 65536 IDs each (policy.h).  A slot in use
 * is a symlink <root>/.idpool/<slot> -> <container id>; allocation and
 * release hold an exclusive flock on <root>/.idpool, so two creates never
 * get the same range.  A slot whose container has no state directory any
 * more (a crash between delete's steps) is taken back at the next
 * allocation.  */
#ifndef CINCH_IDPOOL_H
#define CINCH_IDPOOL_H

#include <stdint.h>

#include "error.h"

/* Give container `id` (whose state dir exists under rootfd) a free slot in
 * [0, slots).  Fails with ENOSPC naming the pool size when all are used.  */
int cinch_idpool_alloc (int rootfd, const char *id, uint32_t slots, uint32_t *slot_out,
                        cinch_error_t *err);

/* Release the slot of container `id`, if it has one.  */
int cinch_idpool_release (int rootfd, const char *id, cinch_error_t *err);

#endif
