/* cinch — process credentials and capabilities in the container process
 * (kernel-facing, runs in the child after clone).  */
#ifndef CINCH_CAPS_H
#define CINCH_CAPS_H

#include "plan.h"

/* Drop every capability not in p->caps[CINCH_CAP_BOUNDING] from the bounding
 * set.  Must run while still holding CAP_SETPCAP.  When p->has_capabilities
 * is false the bounding set is emptied.  */
int cinch_caps_drop_bounding (const struct cinch_process *p, cinch_error_t *err);

/* Switch to p->uid/p->gid with p->additional_gids (setgroups; when
 * setgroups is denied in a user namespace and no additional gids are asked,
 * that is not an error), keeping capabilities across the switch, then set
 * effective, permitted and inheritable sets exactly to the plan's and raise
 * the ambient ones.  After it returns the process holds exactly the plan's
 * capabilities (none when !p->has_capabilities).  */
int cinch_caps_change_user (const struct cinch_process *p, cinch_error_t *err);

#endif
