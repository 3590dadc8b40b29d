//! What the area modules run their statements on: a connection or a
//! transaction together with the connection's prepared statements.
//!
//! A statement sent as text costs two round trips (parse and describe,
//! then bind and execute); a prepared one costs one. A registration makes
//! about ten statements: on loopback, preparing them once took it from
//! 10.3 to 8.7 ms p50 (README, Benchmark), and a round trip across a real
//! network costs more than on loopback. Each SQL text is prepared once per
//! connection and kept; the connection is opened with
//! `plan_cache_mode=force_custom_plan` (`connect.rs`) so that every
//! execution is still planned for its own values, exactly as before (a
//! search's terms and a filter's codes decide which index is used).

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Error, GenericClient, Row, Statement};

/// More distinct texts than this (the sheet writes its LIMIT and OFFSET into
/// the text) and the cache starts over, so it never grows without end.
const MOST_STATEMENTS: usize = 200;

pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A connection and the statements prepared on it.
pub(crate) struct Connection {
    pub client: Client,
    statements: HashMap<String, Statement>,
}

impl Connection {
    pub fn new(client: Client) -> Connection {
        Connection { client, statements: HashMap::new() }
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Reads on the connection itself.
    pub fn reads(&mut self) -> Cached<'_, &mut Client> {
        Cached { client: &mut self.client, statements: &mut self.statements }
    }

    /// A transaction, with the same prepared statements (they belong to the
    /// connection and outlive any transaction).
    pub fn transaction(&mut self) -> Result<Cached<'_, postgres::Transaction<'_>>, Error> {
        let tx = self.client.transaction()?;
        Ok(Cached { client: tx, statements: &mut self.statements })
    }
}

/// A connection (`C = &mut Client`) or a transaction (`C = Transaction`)
/// whose statements are prepared once.
pub(crate) struct Cached<'a, C> {
    client: C,
    statements: &'a mut HashMap<String, Statement>,
}

/// What a `Cached` runs its statements on.
pub(crate) trait Session {
    type Client: GenericClient;
    fn get(&mut self) -> &mut Self::Client;
}

impl Session for &mut Client {
    type Client = Client;
    fn get(&mut self) -> &mut Client {
        self
    }
}

impl<'t> Session for postgres::Transaction<'t> {
    type Client = postgres::Transaction<'t>;
    fn get(&mut self) -> &mut Self::Client {
        self
    }
}

impl<'a, 't> Cached<'a, postgres::Transaction<'t>> {
    pub fn commit(self) -> Result<(), Error> {
        self.client.commit()
    }
}

/// The statements the area modules run, as `postgres::GenericClient` names them.
pub(crate) trait Sql {
    fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, Error>;
    fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error>;
    fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, Error>;
    fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, Error>;
    /// Statements without parameters, sent as text (never prepared).
    fn batch_execute(&mut self, sql: &str) -> Result<(), Error>;
}

impl<C: Session> Cached<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement, Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.get().prepare(sql)?;
        if self.statements.len() >= MOST_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Runs `run` with the statement of `sql`. A failed statement is
    /// prepared afresh next time: should the schema have changed under it
    /// (a newer desk's migration), the error is this action's only.
    fn with<T>(&mut self, sql: &str, run: impl FnOnce(&mut C::Client, &Statement) -> Result<T, Error>) -> Result<T, Error> {
        let statement = self.statement(sql)?;
        let result = run(self.client.get(), &statement);
        if result.is_err() {
            self.statements.remove(sql);
        }
        result
    }
}

impl<C: Session> Sql for Cached<'_, C> {
    fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
        self.with(sql, |c, s| c.execute(s, params))
    }

    fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        self.with(sql, |c, s| c.query(s, params))
    }

    fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, Error> {
        self.with(sql, |c, s| c.query_one(s, params))
    }

    fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, Error> {
        self.with(sql, |c, s| c.query_opt(s, params))
    }

    fn batch_execute(&mut self, sql: &str) -> Result<(), Error> {
        self.client.get().batch_execute(sql)
    }
}
