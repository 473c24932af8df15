"""The postmaster: the supervisor process that owns the data directory.

It creates the shared memory segment, starts the startup process (crash recovery), then
the auxiliary processes, listens on TCP and a Unix socket, forks one backend per
connection, reaps children, and restarts everything after a crash.

Life cycle (the `state` attribute, PostgreSQL's PMState in spirit):

    STARTUP      startup process replays WAL; connections are refused (57P03)
    RUN          auxiliary processes running; connections accepted
    STOP_BACKENDS  shutdown requested; waiting for backends to leave
    SHUTDOWN     checkpointer writing the shutdown checkpoint
    CRASH        a child died abnormally: every other child was sent SIGQUIT; when all
                 are gone, shared memory is re-created and we go back to STARTUP

Rules
1. The postmaster never touches shared state except to create it: it takes no locks, so
   a child dying at any moment can never wedge it. (Its one read: the pmsignal flags,
   one atomic exchange each, when a child asks for an autovacuum worker; and, when a
   backend asks for parallel workers, one CAS per bgworker slot (storage/ipc/
   bgworker_slots.py), plus a store and a latch set for a worker it could not start.)
2. Any child that exits abnormally (a signal, or an exit code other than 0, and for
   backends other than 0 or 1) may have died holding a lock or halfway through changing a
   shared page: the postmaster treats it as a crash of the whole cluster (crash-restart).
3. Shutdown modes (signals as PostgreSQL uses them):
     SIGTERM smart      no new connections; wait for sessions to end; then checkpoint
     SIGINT  fast       SIGTERM every backend (they roll back and exit); then checkpoint
     SIGQUIT immediate  SIGQUIT everyone and exit; the next start runs crash recovery
4. No second server on one data directory: postmaster.pid refuses a live postmaster,
   the interlock (data_directory_lock.py) refuses while any process of a dead one
   lives; and every child exits when the postmaster dies (postmaster-alive pipe).
5. At most MaxLivePostmasterChildren backends live at once (PostgreSQL's formula,
   `max_live_children`); beyond that the postmaster answers FATAL 53300 "sorry, too many
   clients already" itself, without forking (dead_end.py), so a flood of connections that
   never authenticate cannot exhaust memory. Each child below the cap is cheap: the
   postmaster imported and froze everything before forking (preload.py).
6. The loop sleeps in poll() on the listen sockets, the refused connections it is
   answering, and a self-pipe that every signal writes to (signal.set_wakeup_fd); it has
   a timeout only while a deadline is pending (the SIGKILL of children that ignore
   SIGQUIT, a refused connection's authentication_timeout). Nothing polls.

PostgreSQL: postmaster/postmaster.c (PostmasterMain, ServerLoop, reaper, HandleChildCrash,
pmdie), postmaster/pmchild.c.
"""
from __future__ import annotations

import errno
import os
import secrets
import select
import signal
import socket
import sys
import time

from pgsnake.postmaster import parallel_worker
from pgsnake.postmaster import (autovacuum, auxiliary, catalog_warmer, data_directory_lock,
                                dead_end, preload, subsystems)
from pgsnake.postmaster.pid_file import PidFile
from pgsnake.storage.file import file_io
from pgsnake.storage.ipc import bgworker_slots, pmsignal, postmaster_alive
from pgsnake.utils import elog, interrupts, process_state, process_title, settings
from pgsnake.utils.errors import PgError

STARTUP, RUN, STOP_BACKENDS, SHUTDOWN, CRASH = "startup", "run", "stop_backends", "shutdown", "crash"

AUX_KINDS = ("checkpointer", "background writer", "walwriter", "autovacuum launcher")


class Child:
    __slots__ = ("pid", "kind", "cancel_key", "refusing")

    def __init__(self, pid: int, kind: str, cancel_key: int = 0) -> None:
        self.pid = pid
        self.kind = kind
        self.cancel_key = cancel_key
        self.refusing = False      # a backend forked only to refuse the connection


class Postmaster:
    def __init__(self, data_directory: str) -> None:
        self.data_directory = os.path.abspath(data_directory)
        self.state = STARTUP
        self.children: dict[int, Child] = {}
        self.listen_sockets: list[tuple[socket.socket, str]] = []   # (socket, 'host'|'local')
        self.socket_paths: list[str] = []
        self.shutdown_mode: str | None = None
        self.pending_signals: list[int] = []
        self.crash_deadline = 0.0
        self.pid_file = PidFile(os.path.join(self.data_directory, "postmaster.pid"))
        self.wakeup_r = self.wakeup_w = -1
        self.dead_ends = dead_end.DeadEnds(self.cancel_backend)
        self.warmer_fd = -1     # the memory file the running catalog warmer writes to
        self.bgworker_slot = -1  # the bgworker slot of the parallel worker being forked

    # ---- start ----------------------------------------------------------------------
    def run(self) -> int:
        os.chdir(self.data_directory)
        process_state.process_kind = "postmaster"
        process_state.data_directory = self.data_directory
        process_title.set_title(f"postmaster -D {self.data_directory}")
        if settings.get("superuser_reserved_connections") >= settings.get("max_connections"):
            sys.stderr.write(f"pgsnake: superuser_reserved_connections "
                             f"({settings.get('superuser_reserved_connections')}) must be less "
                             f"than max_connections ({settings.get('max_connections')})\n")
            return 1
        from pgsnake.access.transam import pending_syncs
        try:
            pending_syncs.check_settings()      # wal_level = minimal's requirements
        except PgError as error:
            sys.stderr.write(f"FATAL:  {error.message}\n")
            return 1
        self.pid_file.create(self.data_directory)
        try:
            elog.log(f"starting PostgreSQL {settings.get('server_version')} (pgsnake 0.1.0) "
                     f"on {os.uname().machine}-pc-linux-gnu, compiled by Python "
                     f"{sys.version_info.major}.{sys.version_info.minor}, 64-bit")
            if file_io.faults_enabled():
                elog.log(f"file fault injection is enabled ({file_io.CONTROL_ENVIRONMENT_VARIABLE}"
                         f" is set): a test facility, never for real data", "WARNING")
            # Rule 4. Held, through inheritance, by every child until the last one exits.
            interlock = data_directory_lock.acquire(self.data_directory)
            self.open_listen_sockets()
            self.pid_file.write_details(self.data_directory, settings.get("port"),
                                        self.socket_dirs()[0] if self.socket_dirs() else "",
                                        self.first_listen_address(), "starting",
                                        interlock.key, interlock.id)
            self.install_signal_handlers()
            subsystems.load_hba_file(at_start=True)
            for failure in preload.prepare_before_fork():
                elog.log(f"could not load module before fork: {failure}", "WARNING")
            postmaster_alive.create()
            subsystems.create_shared_state()
            preload.freeze()
            from pgsnake.storage.smgr import temp_relation_files
            temp_relation_files.remove_temp_files()     # RemovePgTempFiles
            from pgsnake.access.transam import snapshot_export
            snapshot_export.remove_all_files()          # DeleteAllExportedSnapshotFiles
            self.start_child("startup")
            return self.server_loop()
        finally:
            self.close_listen_sockets()
            self.pid_file.remove()

    def socket_dirs(self) -> list[str]:
        raw = settings.get("unix_socket_directories")
        return [d.strip() for d in raw.split(",") if d.strip()]

    def first_listen_address(self) -> str:
        raw = settings.get("listen_addresses").split(",")[0].strip()
        return raw

    def open_listen_sockets(self) -> None:
        port = settings.get("port")
        for addr in [a.strip() for a in settings.get("listen_addresses").split(",") if a.strip()]:
            hosts = ["0.0.0.0", "::"] if addr == "*" else [addr]
            for host in hosts:
                try:
                    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                               flags=socket.AI_PASSIVE)
                except socket.gaierror as e:
                    elog.log(f'could not translate host name "{host}", service "{port}" '
                             f'to address: {e.strerror}', "WARNING")
                    continue
                for family, stype, proto, _, sockaddr in infos:
                    sock = socket.socket(family, stype, proto)
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    if family == socket.AF_INET6:
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                    try:
                        sock.bind(sockaddr)
                    except OSError as e:
                        sock.close()
                        fam = "IPv6" if family == socket.AF_INET6 else "IPv4"
                        elog.log(f'could not bind {fam} address "{sockaddr[0]}": {e.strerror}', "LOG",
                                 hint="Is another postmaster already running on port "
                                      f"{port}? If not, wait a few seconds and retry.")
                        continue
                    sock.listen(128)
                    sock.setblocking(False)
                    fam = "IPv6" if family == socket.AF_INET6 else "IPv4"
                    elog.log(f'listening on {fam} address "{sockaddr[0]}", port {port}')
                    self.listen_sockets.append((sock, "host"))
        if settings.get("listen_addresses").strip() and not self.listen_sockets:
            # As PostgreSQL: asking for TCP and getting none is fatal, even if the Unix
            # socket would work, so a port clash is never silently ignored.
            elog.log("could not create any TCP/IP sockets", "FATAL")
            raise SystemExit(1)
        for directory in self.socket_dirs():
            path = os.path.join(directory, f".s.PGSQL.{port}")
            if os.path.exists(path):
                if self.socket_in_use(path):
                    elog.log(f'could not bind Unix address "{path}": Address already in use', "LOG",
                             hint=f"Is another postmaster already running on port {port}?")
                    continue
                os.unlink(path)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.bind(path)
            except OSError as e:
                sock.close()
                elog.log(f'could not bind Unix address "{path}": {e.strerror}', "LOG")
                continue
            os.chmod(path, 0o777)
            sock.listen(128)
            sock.setblocking(False)
            elog.log(f'listening on Unix socket "{path}"')
            self.listen_sockets.append((sock, "local"))
            self.socket_paths.append(path)
        if not self.listen_sockets:
            elog.log("could not create any TCP/IP sockets" if settings.get("listen_addresses")
                     else "no socket created for listening", "FATAL")
            raise SystemExit(1)

    @staticmethod
    def socket_in_use(path: str) -> bool:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
            return True
        except OSError:
            return False
        finally:
            probe.close()

    def close_listen_sockets(self) -> None:
        for sock, _ in self.listen_sockets:
            sock.close()
        self.listen_sockets.clear()
        self.dead_ends.close_all()
        for path in self.socket_paths:
            try:
                os.unlink(path)
            except OSError:
                pass
        self.socket_paths.clear()

    # ---- signals ----------------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        self.wakeup_r, self.wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_r, False)
        os.set_blocking(self.wakeup_w, False)
        signal.set_wakeup_fd(self.wakeup_w, warn_on_full_buffer=False)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGCHLD, signal.SIGHUP,
                       signal.SIGUSR1):
            signal.signal(signum, self.note_signal)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    def note_signal(self, signum, frame) -> None:   # runs between bytecodes: only record it
        self.pending_signals.append(signum)

    def handle_signals(self) -> None:
        while self.pending_signals:
            signum = self.pending_signals.pop(0)
            if signum == signal.SIGCHLD:
                self.reap_children()
            elif signum == signal.SIGTERM:
                self.request_shutdown("smart")
            elif signum == signal.SIGINT:
                self.request_shutdown("fast")
            elif signum == signal.SIGQUIT:
                self.request_shutdown("immediate")
            elif signum == signal.SIGHUP:
                elog.log("received SIGHUP, reloading configuration files")
                subsystems.reload_config()
                subsystems.load_hba_file(at_start=False)
                for child in self.children.values():
                    self.signal_child(child, signal.SIGHUP)
                self.start_autovacuum_launcher()
            elif signum == signal.SIGUSR1:
                self.start_autovacuum_worker()
                self.start_parallel_workers()
                catalog_warmer.note_request()
        self.reap_children()   # SIGCHLDs coalesce; always sweep

    def start_autovacuum_launcher(self) -> None:
        """Autovacuum rule 5: a reload that turns autovacuum on starts the launcher
        (PostgreSQL's ServerLoop starts it whenever AutoVacuumingActive() and none runs)."""
        if self.state == RUN and self.shutdown_mode is None and autovacuum.is_active() \
                and self.find_child("autovacuum launcher") is None:
            self.start_child("autovacuum launcher")

    def start_autovacuum_worker(self) -> None:
        """The launcher asked for a worker (pmsignal; PostgreSQL's StartAutovacuumWorker).
        Refused outside RUN: the launcher asks again at its next round."""
        if not autovacuum.request_worker_start():
            return
        if self.state != RUN or self.shutdown_mode is not None or \
                self.start_child("autovacuum worker") is None:
            autovacuum.forget_request()

    def start_parallel_workers(self) -> None:
        """Backends asked for parallel workers (pmsignal START_BGWORKER): fork one per
        requested bgworker slot, or mark it not started (outside RUN, fork failure)."""
        if not pmsignal.check_and_clear(pmsignal.START_BGWORKER):
            return
        for slot in bgworker_slots.take_requested():
            self.bgworker_slot = slot
            if self.state != RUN or self.shutdown_mode is not None or \
                    self.start_child(parallel_worker.KIND) is None:
                bgworker_slots.not_started(slot)

    # ---- the server loop ---------------------------------------------------------------
    def server_loop(self) -> int:
        while True:
            self.handle_signals()
            if self.state == SHUTDOWN and not self.children:
                elog.log("database system is shut down")
                return 0
            if self.shutdown_mode == "immediate" and not self.children:
                elog.log("database system is shut down")
                return 0
            self.advance_state()
            self.dead_ends.expire(time.monotonic())
            listening = {sock.fileno(): sock for sock, _ in self.listen_sockets}
            poller = select.poll()
            for fd in [self.wakeup_r, *listening, *self.dead_ends.fds()]:
                poller.register(fd, select.POLLIN)
            timeout = self.sleep_time()
            try:
                ready = poller.poll(None if timeout is None else int(timeout * 1000) + 1)
            except InterruptedError:
                continue
            for fd, _ in ready:
                if fd == self.wakeup_r:
                    try:
                        while os.read(self.wakeup_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                elif fd in listening:
                    self.accept_connection(listening[fd])
                else:
                    self.dead_ends.readable(fd)

    def sleep_time(self) -> float | None:
        """Rule 6: how long the loop may sleep; None until a signal or a connection."""
        deadlines = [self.dead_ends.next_deadline()]
        if self.state == CRASH and self.children:
            deadlines.append(self.crash_deadline)
        if self.state == RUN:
            deadlines.append(catalog_warmer.next_start(time.monotonic()))
        deadlines = [d for d in deadlines if d is not None]
        if not deadlines:
            return None
        return max(0.0, min(deadlines) - time.monotonic())

    def advance_state(self) -> None:
        """Move the life cycle on when the children it waits for have gone."""
        if self.state == CRASH:
            if not self.children:
                if self.shutdown_mode is not None:
                    self.state = SHUTDOWN
                    return
                elog.log("all server processes terminated; reinitializing")
                if settings.get("remove_temp_files_after_crash"):
                    from pgsnake.storage.smgr import temp_relation_files
                    temp_relation_files.remove_temp_files()
                subsystems.create_shared_state()
                catalog_warmer.forget_caches()   # ring positions start again (rule 15)
                preload.freeze()
                self.state = STARTUP
                self.start_child("startup")
            elif time.monotonic() > self.crash_deadline:
                for child in list(self.children.values()):
                    self.signal_child(child, signal.SIGKILL)
            return
        if self.state == STOP_BACKENDS:
            if self.shutdown_mode == "fast" or self.shutdown_mode == "smart":
                if not any(c.kind in ("backend", parallel_worker.KIND) and not c.refusing
                           for c in self.children.values()):
                    for child in self.children.values():
                        if child.kind in ("background writer", "walwriter", "autovacuum launcher",
                                          "autovacuum worker", catalog_warmer.KIND):
                            self.signal_child(child, signal.SIGTERM)
                    if not any(c.kind in ("background writer", "walwriter", "autovacuum launcher",
                                          "autovacuum worker", "startup", catalog_warmer.KIND)
                               for c in self.children.values()):
                        checkpointer = self.find_child("checkpointer")
                        if checkpointer is not None:
                            self.state = SHUTDOWN
                            self.pid_file.set_status("stopping")
                            self.signal_child(checkpointer, signal.SIGUSR2)
                        else:
                            self.state = SHUTDOWN

        if self.state == RUN and self.shutdown_mode is None:
            start = catalog_warmer.next_start(time.monotonic())
            if start is not None and start <= time.monotonic():
                self.start_catalog_warmer()

    def start_catalog_warmer(self) -> None:
        """Rule 15: fork a catalog warmer unless one runs; its rows come back through
        an anonymous memory file."""
        if self.find_child(catalog_warmer.KIND) is not None:
            return
        catalog_warmer.note_started()
        try:
            self.warmer_fd = os.memfd_create("pgsnake-catalog-warmer")
        except OSError as e:
            elog.log(f"could not create the catalog warmer's file: {e}", "LOG")
            return
        if self.start_child(catalog_warmer.KIND) is None:
            self.close_warmer_file()

    def close_warmer_file(self) -> None:
        if self.warmer_fd >= 0:
            os.close(self.warmer_fd)
            self.warmer_fd = -1

    def find_child(self, kind: str) -> Child | None:
        for child in self.children.values():
            if child.kind == kind:
                return child
        return None

    def request_shutdown(self, mode: str) -> None:
        order = {"smart": 0, "fast": 1, "immediate": 2}
        if self.shutdown_mode is not None and order[mode] <= order[self.shutdown_mode]:
            return
        self.shutdown_mode = mode
        self.pid_file.set_status("stopping")
        if mode == "smart":
            elog.log("received smart shutdown request")
        elif mode == "fast":
            elog.log("received fast shutdown request")
            elog.log("aborting any active transactions")
        else:
            elog.log("received immediate shutdown request")
        if mode == "immediate":
            for child in list(self.children.values()):
                self.signal_child(child, signal.SIGQUIT)
            self.state = CRASH if self.children else SHUTDOWN
            self.crash_deadline = time.monotonic() + 5
            self.close_listen_sockets()
            return
        if self.state == CRASH:
            return
        if self.state == STARTUP:
            startup = self.find_child("startup")
            if startup is not None:
                self.signal_child(startup, signal.SIGTERM)
        if mode == "fast":
            for child in self.children.values():
                if child.kind in ("backend", parallel_worker.KIND):
                    self.signal_child(child, signal.SIGTERM)
        # The listen sockets stay open: a new connection now gets FATAL 57P03 "the database
        # system is shutting down" from a backend that exits at once, as in PostgreSQL.
        self.state = STOP_BACKENDS

    # ---- children ---------------------------------------------------------------------
    def start_child(self, kind: str, conn: socket.socket | None = None,
                    conn_type: str = "host") -> Child | None:
        cancel_key = secrets.randbits(31) if kind == "backend" else 0
        known_keys = {c.pid: c.cancel_key for c in self.children.values() if c.kind == "backend"}
        try:
            pid = os.fork()
        except OSError as e:
            elog.log(f"could not fork {kind} process: {e}", "LOG")
            return None
        if pid == 0:
            self.become_child(kind, conn, conn_type, cancel_key, known_keys)
        child = Child(pid, kind, cancel_key)
        child.refusing = kind == "backend" and self.state != RUN
        self.children[pid] = child
        return child

    def become_child(self, kind: str, conn, conn_type: str, cancel_key: int, known_keys) -> None:
        """Runs in the forked child; never returns."""
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            os.close(self.wakeup_r)
            os.close(self.wakeup_w)
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGCHLD,
                        signal.SIGUSR1, signal.SIGUSR2):
                signal.signal(sig, signal.SIG_DFL)
            # A reload request that arrives before the child has its own handlers must
            # neither kill it (SIG_DFL) nor be lost: it is noted and acted on later.
            signal.signal(signal.SIGHUP, interrupts.note_config_reload_request)
            for sock, _ in self.listen_sockets:
                sock.close()
            self.dead_ends.forget_in_child()   # the postmaster's to answer, not ours
            if kind != catalog_warmer.KIND and self.warmer_fd >= 0:
                os.close(self.warmer_fd)        # the warmer's and the postmaster's only
            process_state.after_fork(kind)
            subsystems.after_fork()
            if kind == "backend":
                from pgsnake.tcop.backend_main import backend_main
                from pgsnake.utils import backend_profile
                code = backend_profile.run(backend_main, conn, conn_type, self.state,
                                           cancel_key, known_keys)
            elif kind == "autovacuum worker":
                code = autovacuum.worker_main()
            elif kind == parallel_worker.KIND:
                code = parallel_worker.worker_main(self.bgworker_slot)
            elif kind == catalog_warmer.KIND:
                code = catalog_warmer.warmer_main(self.warmer_fd)
            else:
                code = auxiliary.run(kind)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException as e:   # an unexpected exception is a crash (rule 2)
            try:
                elog.log(f"{kind} process failed: {type(e).__name__}: {e}", "PANIC")
                import traceback
                os.write(2, traceback.format_exc().encode())
            finally:
                code = 2
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except Exception:
                pass
            os._exit(code)

    def accept_connection(self, sock: socket.socket) -> None:
        """Accept one connection on a readable listen socket and fork its backend; the
        backend itself refuses it if we are not in RUN (tcop/backend_startup.py)."""
        conn_type = dict(self.listen_sockets)[sock]
        try:
            conn, _ = sock.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED):
                elog.log(f"could not accept new connection: {e}", "LOG")
            return
        if self.count_backends() >= max_live_children():
            # Rule 5: refused by the postmaster itself (dead_end.py).
            self.dead_ends.add(conn, time.monotonic() + settings.get("authentication_timeout"),
                               limit=max_live_children())
            return
        conn.setblocking(True)
        self.start_child("backend", conn, conn_type)
        conn.close()

    def count_backends(self) -> int:
        return sum(1 for c in self.children.values() if c.kind == "backend")

    def cancel_backend(self, pid: int, key: int) -> None:
        """A CancelRequest the postmaster received itself (dead_end.py): SIGINT to the
        backend if the key is its own."""
        child = self.children.get(pid)
        if child is not None and child.kind == "backend" and child.cancel_key == key:
            self.signal_child(child, signal.SIGINT)

    def signal_child(self, child: Child, signum: int) -> None:
        try:
            os.kill(child.pid, signum)
        except ProcessLookupError:
            pass

    def reap_children(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            child = self.children.pop(pid, None)
            if child is None:
                continue
            self.child_exited(child, status)

    def child_exited(self, child: Child, status: int) -> None:
        if os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
            # A backend's or an autovacuum worker's FATAL exits with 1: normal.
            normal = code == 0 or (code == 1 and child.kind in ("backend", "autovacuum worker",
                                                                  catalog_warmer.KIND,
                                                                  parallel_worker.KIND))
            how = f"exited with exit code {code}"
        else:
            signum = os.WTERMSIG(status)
            normal = False
            how = f"was terminated by signal {signum}: {signal.strsignal(signum)}"

        if child.kind == "startup" and self.state == STARTUP:
            if normal:
                self.startup_finished()
            else:
                elog.log(f"startup process (PID {child.pid}) {how}", "LOG")
                elog.log("aborting startup due to startup process failure", "LOG")
                self.shutdown_mode = "immediate"
                for other in list(self.children.values()):
                    self.signal_child(other, signal.SIGQUIT)
                self.state = SHUTDOWN
            return
        if child.kind == "checkpointer" and self.state == SHUTDOWN and normal:
            return
        if child.kind == catalog_warmer.KIND:
            if normal and self.state == RUN and self.shutdown_mode is None:
                catalog_warmer.collect(self.warmer_fd)      # rule 15
                preload.freeze()
            self.close_warmer_file()
        if self.state == CRASH or self.shutdown_mode == "immediate":
            return   # expected deaths while we take everyone down
        if normal:
            if child.kind in AUX_KINDS and self.state == RUN and (
                    child.kind != "autovacuum launcher" or autovacuum.is_active()):
                # an aux process that quit cleanly is restarted; a launcher that quit
                # because autovacuum was turned off is not (autovacuum rule 5)
                self.start_child(child.kind)
            return
        # An autovacuum worker is a "server process" too in PostgreSQL's message.
        label = "server process" if child.kind in ("backend", "autovacuum worker") \
            else f"{child.kind} process"
        if child.kind == parallel_worker.KIND:
            label = 'background worker "parallel worker"'
        elog.log(f"{label} (PID {child.pid}) {how}", "LOG")
        self.begin_crash_restart()

    def begin_crash_restart(self) -> None:
        if not settings.get("restart_after_crash"):
            elog.log("terminating any other active server processes")
            self.request_shutdown("immediate")
            return
        elog.log("terminating any other active server processes")
        for other in list(self.children.values()):
            self.signal_child(other, signal.SIGQUIT)
        catalog_warmer.forget_caches()
        self.state = CRASH
        self.crash_deadline = time.monotonic() + 5
        self.pid_file.set_status("starting")

    def startup_finished(self) -> None:
        if self.shutdown_mode is not None:
            self.state = STOP_BACKENDS
            self.start_child("checkpointer")
            return
        for kind in AUX_KINDS:
            if kind != "autovacuum launcher" or autovacuum.is_active():
                self.start_child(kind)
        self.state = RUN
        self.pid_file.set_status("ready")
        elog.log("database system is ready to accept connections")
        self.start_catalog_warmer()


def max_live_children() -> int:
    """PostgreSQL 15's MaxLivePostmasterChildren: room for every backend and worker
    twice over, since some connections are still authenticating (and may fail)."""
    return 2 * (settings.get("max_connections") + settings.get("autovacuum_max_workers") + 1
                + settings.get("max_wal_senders") + settings.get("max_worker_processes"))


def run_postmaster(data_directory: str) -> int:
    return Postmaster(data_directory).run()
