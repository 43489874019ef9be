# CAP_SYS_MODULE in the effective and permitted sets (not bounding):
# loading kernel modules.
# expect: CINCH-CAP-SYSMODULE process.capabilities.effective|process.capabilities.permitted
.process.capabilities.effective += ["CAP_SYS_MODULE"]
| .process.capabilities.permitted += ["CAP_SYS_MODULE"]
