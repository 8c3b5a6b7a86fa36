"""Say which database Newsroom uses, and create the PostgreSQL database if it is missing."""

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg2 import sql


class Command(BaseCommand):
    help = (
        "Create the configured PostgreSQL database if missing, and report which database is used."
    )

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if settings.DATABASE_VENDOR != "postgresql":
            self.stdout.write(
                f"Database: SQLite file {db['NAME']} (no PostgreSQL answered at 127.0.0.1:5432)"
            )
            return
        params = {
            "host": db["HOST"],
            "port": db["PORT"],
            "user": db["USER"],
            "password": db["PASSWORD"],
        }
        connection = psycopg2.connect(dbname="postgres", **params)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                self.stdout.write(f"Created PostgreSQL database {db['NAME']}.")
        connection.close()
        self.stdout.write(f"Database: PostgreSQL {db['NAME']} at {db['HOST']}:{db['PORT']}")
