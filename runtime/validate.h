/* cinch — pure decisions over a plan, made before anything is created.  */
#ifndef CINCH_VALIDATE_H
#define CINCH_VALIDATE_H

#include <stdbool.h>

#include "plan.h"

/* linux.namespaces lists t without a path: cinch creates it.  */
bool cinch_plan_ns_new (const struct cinch_plan *p, enum cinch_ns_type t);
/* linux.namespaces lists t (new or joined).  */
bool cinch_plan_ns_private (const struct cinch_plan *p, enum cinch_ns_type t);

/* Refuse what cinch cannot run as written, naming the JSON path: no process,
 * no mount namespace, hostname/domainname without a uts namespace, id maps
 * without a new user namespace (and the reverse), time offsets without a new
 * time namespace, a terminal with nowhere to send it (detached without
 * --console-socket), sysctls that are not namespaced or not in a namespace
 * of the container's own.  */
int cinch_plan_validate (const struct cinch_plan *p, bool has_console_socket, bool foreground,
                         cinch_error_t *err);

/* A new user namespace that must be made after joining namespaces the host
 * owns (or a joined user namespace with new namespaces): join first, then
 * unshare, then fork the init.  */
bool cinch_plan_needs_two_step (const struct cinch_plan *p);

/* CLONE_NEW* of every namespace cinch creates, except time (the parent
 * makes that one around the clone).  */
int cinch_plan_new_ns_flags (const struct cinch_plan *p);

#endif
