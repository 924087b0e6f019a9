from kopdesk.main import main

raise SystemExit(main())
