# Pinned tool versions of the lab's environment (Java libraries are pinned in pom.xml).
PLAYWRIGHT_CORE_VERSION=1.65.1
