# The project's commands; see README.md. Settings: ODOO_SRC, TSM_STATE_DIR,
# PGHOST/PGPORT/PGUSER/PGPASSWORD, PORT (make demo), ARGS (make test).
.PHONY: demo test lint format bench-data bench i18n

demo:
	PORT=$(or $(PORT),8069) ./scripts/demo.sh

test:
	./scripts/test.sh $(ARGS)

lint:
	./scripts/lint.sh

format:
	./scripts/format.sh

i18n:
	./scripts/i18n.sh

bench-data:
	./scripts/bench.sh data

bench:
	./scripts/bench.sh run
