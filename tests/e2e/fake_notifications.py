#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A notification server for the test session bus.

    /usr/bin/python3 fake_notifications.py RECORD_FILE

Owns org.gtk.Notifications, where GLib 2.74 sends a GApplication's
GNotification when that name is owned (gnome-shell owns it on a desktop;
without it GLib falls back to org.freedesktop.Notifications, and warns
when nobody serves that either). Each call is appended to RECORD_FILE as
one JSON object per line:

    {"method": "AddNotification", "app_id": ..., "id": ...,
     "notification": {"title": ..., "body": ..., "default-action": ...,
                      "default-action-target": ..., "priority": ...}}
    {"method": "RemoveNotification", "app_id": ..., "id": ...}

Prints "ready" on stdout once it owns the name; ends on SIGTERM.
start() runs it from a test (before the app) and waits for that line.
"""

import json
import os
import signal
import subprocess
import sys

INTERFACE = '''
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="id" direction="in"/>
      <arg type="a{sv}" name="notification" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="id" direction="in"/>
    </method>
  </interface>
</node>
'''


def start(record_file):
    """The server as a child process, once it owns the name."""
    process = subprocess.Popen(['/usr/bin/python3', os.path.abspath(__file__), record_file],
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    if line != 'ready':
        process.kill()
        raise RuntimeError(f'the fake notification server did not start (it said “{line}”)')
    return process


def read(record_file):
    """The calls recorded so far, in order."""
    if not os.path.exists(record_file):
        return []
    with open(record_file, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def plain(value):
    """A GVariant's unpacked value, JSON-ready."""
    if hasattr(value, 'unpack'):
        value = value.unpack()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value


def serve(record_file):
    from gi.repository import Gio, GLib

    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)
    loop = GLib.MainLoop()

    def record(entry):
        with open(record_file, 'a', encoding='utf-8') as f:
            f.write(json.dumps(entry, ensure_ascii=False) + '\n')

    def on_call(connection, sender, path, interface, method, parameters, invocation):
        args = parameters.unpack()
        entry = {'method': method, 'app_id': args[0], 'id': args[1]}
        if method == 'AddNotification':
            entry['notification'] = plain(parameters.get_child_value(2))
        record(entry)
        invocation.return_value(None)

    def on_bus(connection, name):
        connection.register_object('/org/gtk/Notifications', node.interfaces[0], on_call, None, None)

    def on_name(connection, name):
        print('ready', flush=True)

    def on_lost(connection, name):
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, 'org.gtk.Notifications', Gio.BusNameOwnerFlags.NONE,
                     on_bus, on_name, on_lost)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    loop.run()


if __name__ == '__main__':
    serve(sys.argv[1])
