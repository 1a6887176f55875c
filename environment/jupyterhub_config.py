# JupyterHub for a workshop: `environment/lab serve` runs Debian's JupyterHub with this file.
# Every student (student1..studentN) logs in with one shared password and gets a system account of their own
# (so no kernel can read another student's files), a work folder with a copy of the notebooks, and a results folder
# that starts as hard links to the teacher's prepared results: read-only for the student, and never changed by
# them (the lab writes every result through a new file), so a student who trains a row writes only their own files.
# Settings come from the environment `environment/lab serve` sets (never argv: the password is not on a command line).
import json
import os
import pwd
import shutil
import subprocess

env = os.environ
HUB = env["ISPAD_HUB_DIR"]
ROOT = env["ISPAD_ROOT"]
USERS = [f"student{i}" for i in range(1, int(env["ISPAD_HUB_USERS"]) + 1)]
THREADS = env["ISPAD_HUB_THREADS"]
ACCOUNT_MARK = "ISP-AD Lab workshop student"

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)
c.JupyterHub.bind_url = f"http://{env['ISPAD_HUB_BIND']}:{env['ISPAD_HUB_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env["ISPAD_HUB_INTERNAL_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['ISPAD_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(HUB, "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{os.path.join(HUB, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(HUB, "cookie_secret")
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every student's server (and so their kernels)
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.DummyAuthenticator.password = env["ISPAD_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(USERS)

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = ["/usr/bin/jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # the hub's kernelspec: the lab's kernel, with the results folder left to each student's environment
    "JUPYTER_PATH": os.path.join(HUB, "share", "jupyter"),
    "ISPAD_SCALE": env["ISPAD_SCALE"],
    "ISPAD_RESULTS_DIR": lambda spawner: os.path.join(home(spawner.user.name), "results"),
    # N students share the machine: each kernel gets cores / N threads (at least 1) for PyTorch and for Java
    "OMP_NUM_THREADS": THREADS,
    "MKL_NUM_THREADS": THREADS,
    "JAVA_TOOL_OPTIONS": f"-XX:ActiveProcessorCount={THREADS}",
}


def home(name):
    return os.path.join(HUB, "users", name)


def ensure_account(name):
    """A system account per student, made once; an account of that name the lab did not make is refused."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--home-dir", home(name), "--no-create-home", "--shell",
                        "/usr/sbin/nologin", "--comment", ACCOUNT_MARK, name], check=True)
        return pwd.getpwnam(name)
    if entry.pw_gecos != ACCOUNT_MARK:
        raise RuntimeError(f"a system account '{name}' exists that ISP-AD Lab did not make; not using it")
    if entry.pw_dir != home(name):  # made by a lab in another folder: this lab's folder is the student's home now
        subprocess.run(["usermod", "--home", home(name), name], check=True)
        entry = pwd.getpwnam(name)
    return entry


def link_results(source, target):
    """Hard links to the teacher's finished results (an unfinished run would be resumed into the shared files)."""
    if not os.path.isdir(source):
        return
    for folder, dirs, files in os.walk(source):
        state = os.path.join(folder, "state.json")
        if os.path.isfile(state):
            with open(state) as f:
                if json.load(f).get("stopReason") is None:
                    dirs[:] = []
                    continue
        out = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(out, exist_ok=True)
        for name in files:
            if not name.endswith(".tmp") and not os.path.exists(os.path.join(out, name)):
                try:
                    os.link(os.path.join(folder, name), os.path.join(out, name))
                except OSError:  # another file system: a symbolic link reads the same
                    os.symlink(os.path.join(folder, name), os.path.join(out, name))


def prepare_student(spawner):
    """Before each start: the account, the folder (only its owner may enter), the notebooks, the results."""
    name = spawner.user.name
    account = ensure_account(name)
    folder = home(name)
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o700)
    notebooks = os.path.join(folder, "notebooks")
    if not os.path.isdir(notebooks):
        shutil.copytree(os.path.join(ROOT, "notebooks"), notebooks)
    link_results(env["ISPAD_RESULTS_DIR"], os.path.join(folder, "results"))
    for parent, dirs, files in os.walk(folder):
        os.chown(parent, account.pw_uid, account.pw_gid)
        for name_ in files:
            path = os.path.join(parent, name_)
            if os.stat(path, follow_symlinks=False).st_nlink == 1 and not os.path.islink(path):
                os.chown(path, account.pw_uid, account.pw_gid)  # the student's own files; shared links stay the teacher's


c.Spawner.pre_spawn_hook = prepare_student
