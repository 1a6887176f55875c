# Pinned tool versions of the lab's environment (Java libraries are pinned in pom.xml).
PLAYWRIGHT_CORE_VERSION=1.65.1
HTML_MANAGER_VERSION=1.0.15    # @jupyter-widgets/html-manager: saved widget state in HTML reports
