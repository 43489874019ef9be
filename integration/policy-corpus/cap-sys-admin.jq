# CAP_SYS_ADMIN in the bounding set: a host privilege (mount, ...).
# expect: CINCH-CAP-SYSADMIN process.capabilities.bounding
.process.capabilities.bounding += ["CAP_SYS_ADMIN"]
