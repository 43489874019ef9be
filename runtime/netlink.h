/* cinch — rtnetlink via libmnl.  */
#ifndef CINCH_NETLINK_H
#define CINCH_NETLINK_H

#include "error.h"

/* Bring the loopback interface of the calling process's network namespace
 * up (RTM_NEWLINK with IFF_UP on "lo"), waiting for the kernel's ack.  */
int cinch_netlink_loopback_up (cinch_error_t *err);

#endif
