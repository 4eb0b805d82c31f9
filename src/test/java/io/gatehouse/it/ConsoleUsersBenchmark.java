package io.gatehouse.it;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * How long the console's users page takes in headless Chromium for a project with many users
 * (bench/console-users.sh seeds them): opening the page (first page of 25, sorted by userName,
 * with effective roles and the total count), a userName prefix search, sorting by creation time,
 * and jumping to a page deep in the list. Prints the median and the worst of each, in ms.
 * Arguments: base URL (with trailing slash), project id, runs. System property it.admin.password.
 */
public final class ConsoleUsersBenchmark {
    private ConsoleUsersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URL base = new URL(args[0]);
        String project = args[1];
        int runs = Integer.parseInt(args[2]);
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            browser.signIn();
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            List<Long> open = new ArrayList<>();
            List<Long> search = new ArrayList<>();
            List<Long> sort = new ArrayList<>();
            List<Long> deep = new ArrayList<>();
            String total = null;
            for (int run = 0; run <= runs; run++) {
                long start = System.nanoTime();
                browser.open("console/project/users.xhtml?p=" + project);
                browser.waitFor(By.cssSelector("#users\\:table .gh-user-link"));
                long opened = System.nanoTime() - start;
                total = browser.driver.findElement(By.cssSelector("#users\\:table .ui-paginator-current")).getText();

                start = System.nanoTime();
                String before = report(browser);
                // typed without key events, so that the search-as-you-type request (400 ms debounce) is not measured
                js.executeScript("document.getElementById('users:search').value = 'user00123';");
                browser.driver.findElement(By.id("users:searchButton")).click();
                waitChanged(browser, before);
                long searched = System.nanoTime() - start;
                String found = report(browser);

                js.executeScript("document.getElementById('users:search').value = '';");
                browser.driver.findElement(By.id("users:searchButton")).click();
                waitChanged(browser, found);
                By created = By.xpath("//*[@id='users:table']//th[contains(., 'Created')]");
                browser.driver.findElement(created).click(); // ascending first
                browser.ajaxDone();
                String firstRow = firstUser(browser);
                start = System.nanoTime();
                browser.driver.findElement(By.xpath("//*[@id='users:table']//th[contains(., 'Created')]")).click(); // newest first
                browser.waiting()
                        .until(d -> !firstUser(browser).equals(firstRow));
                browser.ajaxDone();
                long sorted = System.nanoTime() - start;

                start = System.nanoTime();
                String page = report(browser);
                js.executeScript("PF('usersTable').getPaginator().setPage(2000);");
                waitChanged(browser, page);
                long jumped = System.nanoTime() - start;
                if (run > 0) { // the first run warms up the server and the browser
                    open.add(opened / 1_000_000);
                    search.add(searched / 1_000_000);
                    sort.add(sorted / 1_000_000);
                    deep.add(jumped / 1_000_000);
                }
                if (run == 0) {
                    System.out.println("table: " + total + "; search user00123: " + found + "; page 2001: " + report(browser));
                }
            }
            print("open the users page (first 25 of all, count, roles)", open);
            print("search by userName prefix", search);
            print("sort by created, newest first (first page)", sort);
            print("jump to page 2001 (offset 50,000)", deep);
        }
    }

    private static String report(ConsoleBrowser browser) {
        return browser.driver.findElement(By.cssSelector("#users\\:table .ui-paginator-current")).getText();
    }

    private static String firstUser(ConsoleBrowser browser) {
        return browser.driver.findElement(By.cssSelector("#users\\:table .gh-user-link")).getText();
    }

    private static void waitChanged(ConsoleBrowser browser, String before) {
        browser.waiting()
                .until(d -> !report(browser).equals(before));
        browser.ajaxDone();
    }

    private static void print(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%-55s median %5d ms, worst %5d ms (%d runs)%n", what, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), sorted.size());
    }
}
