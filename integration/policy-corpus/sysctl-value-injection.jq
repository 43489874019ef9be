# A safe key whose value smuggles a second assignment (CVE-2022-0811).
# expect: CINCH-SYSCTL-VALUE linux.sysctl["kernel.shm_rmid_forced"]
.linux.sysctl = {"kernel.shm_rmid_forced": "1+kernel.core_pattern=|/tmp/pwn"}
