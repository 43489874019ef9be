/* cinch — the device cgroup program, private to cgroup_devices.c and its
 * tests.  cinch_cgroup_devices_attach (cgroup.h) is the public entry.  */
#ifndef CINCH_CGROUP_DEVICES_H
#define CINCH_CGROUP_DEVICES_H

#include <linux/bpf.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

/* The rwm requests that are always allowed, whatever the config says
 * (cgroup.h): exported so that the tests check the same list.  */
struct cinch_devices_std
{
  unsigned major;
  int minor; /* -1: any */
};
extern const struct cinch_devices_std cinch_devices_std[];
extern const size_t cinch_devices_n_std;

/* Compile linux.devices (devs) and linux.resources.devices (rules) into a
 * BPF_PROG_TYPE_CGROUP_DEVICE program (semantics in cgroup_devices.c).
 * Pure.  On success *prog (n_insns instructions) is owned by the caller
 * (free()).  Errors name the JSON path of the entry at fault.  */
int cinch_devices_compile (const struct cinch_device *devs, size_t n_devs,
                           const struct cinch_device_rule *rules, size_t n_rules,
                           struct bpf_insn **prog, size_t *n_insns, cinch_error_t *err);

#endif
