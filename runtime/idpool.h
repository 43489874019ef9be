/* cinch — the pool of user-namespace ID ranges the hardened policy gives to
 * containers that have no user namespace of their own.
 *
 * The pool is slots 0..slots-1 of 65536 IDs each (policy.h).  It is one
 * per machine, whatever --root each engine gives cinch: two containers
 * alive at the same time never share host IDs.  A slot in use is a symlink
 * CINCH_IDPOOL_DIR/<its first host ID> -> the container's state directory
 * (<--root>/<id>, absolute); allocation and release hold an exclusive flock
 * on the pool directory.  A slot whose state directory is gone (a crash
 * between delete's steps) is taken back at the next allocation.  */
#ifndef CINCH_IDPOOL_H
#define CINCH_IDPOOL_H

#include <stdint.h>

#include "error.h"

#define CINCH_IDPOOL_DIR "/run/cinch/.idpool"

/* Give the container whose state directory is owner (absolute, existing) a
 * free slot k in [0, slots) of the pool starting at host ID first (its range
 * is first + k * 65536 ...).  Fails with ENOSPC naming the pool size when all
 * are in use.  */
int cinch_idpool_alloc (const char *owner, uint32_t first, uint32_t slots, uint32_t *slot_out,
                        cinch_error_t *err);

/* Release owner's slot, if it has one.  */
int cinch_idpool_release (const char *owner, cinch_error_t *err);

/* owner for cinch_idpool_*: the absolute path of <root>/<id>, or NULL
 * (errno set) when root cannot be resolved.  Owned by the caller.  */
char *cinch_idpool_owner (const char *root, const char *id);

#endif
