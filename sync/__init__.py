"""Local store, outbox and the sync client that talks to the platform hub. Never imports Qt.

How the app uses it (see docs/sync-protocol.md for the wire contract)::

    store = services.store                                  # sync.store.Store (terminal.bootstrap.make_store)
    sync = SyncService(settings, store, clock=clock,        # sync.service
                       status_provider=lambda: {"devices": {...}, "printer": {...}},
                       is_idle=lambda: no_resident_session_in_progress)
    sync.subscribe(lambda event, data: ...)                 # called on the sync thread; re-post to the UI
    sync.start()                                            # background thread; sync.sync_now() to hurry it
    content = sync.bundles.active()                         # ActiveBundle snapshot: .json(kind, id), .of_kind()
    sync.bundles.activate_if_idle(True)                     # between sessions, to switch to a staged bundle
    store.enqueue("queue_ticket", {...})                    # rating, readiness, call_staff, vote, opinion too
    sync.stop(); store.close()

Modules: ``database`` (the SQLite file, its transactions and storage faults), ``schema`` +
``models`` + ``migrations`` (the tables and their upgrades), one repository per table group
(``outbox_items``, ``submissions``, ``print_journal``, ``audit_log``, ``status_cache``,
``sync_state``), ``store`` (the facade that composes them, ``services.store``), ``keys``
(terminal key, person-lookup secret, enrolment), ``client`` (HTTP, signatures, error kinds),
``outbox`` (delivery), ``bundles`` (signed content), ``service`` (enrolment, rounds, background
thread), ``recovery`` + ``salvage`` + ``leafscan`` (a damaged database rebuilt),
``storage_health`` (one answer to "is the storage all right?"). Signing and sealing are
``contract.crypto``, shared with the hub.
"""
