package io.leadline.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * A process that commits rows one at a time to the embedded database as Leadline opens it, and
 * prints each row's number once its commit returned: what a killed instance had acknowledged.
 */
final class H2Committer {

    private H2Committer() {}

    public static void main(String[] args) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(null, args[0]);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password())) {
            c.createStatement().execute("create table committed (n integer primary key)");
            try (PreparedStatement insert = c.prepareStatement("insert into committed (n) values (?)")) {
                for (int n = 1; ; n++) {
                    insert.setInt(1, n);
                    insert.executeUpdate();
                    System.out.println(n);
                    System.out.flush();
                }
            }
        }
    }
}
